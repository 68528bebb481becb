"""The freight budget as a county sets it: extra transport accepted over the cost-only plan.

A county says "we will pay up to 2 % more freight to bring work to low-income
households". The region has a default; a county may set its own. A batch's plan may
then cost at most

    T0 + sum over counties c of  T0_c x budget_c

where T0 is the cost-only plan's transport and T0_c the part of it that goes to
providers in county c (the county the work is placed in, the provider's county).
So each county's budget pays for extra freight in proportion to the transport its
enterprises carry in the cost-only plan; with one budget everywhere this is exactly
``T0 x (1 + budget)``. Why not a separate limit per county: a county that gets no
work in the cost-only plan (T0_c = 0) could then never receive any, whatever it
offered to pay, and moving work between counties (the whole point) would be refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.matching.domain.vocabulary import County

BASIS_POINTS = 10_000  # 100 %


@dataclass(frozen=True)
class FreightBudget:
    """Extra transport accepted, in hundredths of a percent of the cost-only plan's."""

    basis_points: int = 200  # 2 %

    def __post_init__(self) -> None:
        if not 0 <= self.basis_points <= BASIS_POINTS:
            raise ValueError("the freight budget must be between 0 % and 100 %")

    def limit(self, cost_only_transport: int) -> int:
        """The most transport (millifen) a plan may cost."""
        return cost_only_transport + cost_only_transport * self.basis_points // BASIS_POINTS


@dataclass(frozen=True)
class CountyBudgets:
    """The region's default budget and the counties that set their own."""

    default: FreightBudget = FreightBudget()
    counties: Mapping[County, FreightBudget] = field(default_factory=dict)

    def of(self, county: County) -> FreightBudget:
        return self.counties.get(county, self.default)

    def limit(self, cost_only_by_county: Mapping[County, int]) -> int:
        """The most transport (millifen) a plan may cost, from the cost-only plan's
        transport per provider county (see the module's formula)."""
        total = sum(cost_only_by_county.values())
        extra = sum(t * self.of(c).basis_points for c, t in cost_only_by_county.items())
        return total + extra // BASIS_POINTS

    @staticmethod
    def everywhere(budget: FreightBudget) -> CountyBudgets:
        return CountyBudgets(default=budget)

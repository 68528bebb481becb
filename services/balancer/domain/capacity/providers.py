"""Facts about processing enterprises as the balancer sees them: where, and how much a day."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from uuid import UUID

from services.balancer.domain.capacity.factors import FactorInput, parse_factor
from services.balancer.domain.errors import InvalidFact
from services.balancer.domain.region import parse_county
from shared.region import County


@dataclass(frozen=True)
class Provider:
    """A factory, centre or home-worker network with base units/day per category."""

    provider_id: UUID
    county: County
    village: str
    base_units: Mapping[str, int]

    @classmethod
    def of(
        cls, provider_id: UUID, county: str, village: str, base_units: Mapping[str, int]
    ) -> "Provider":
        if not provider_id:
            raise InvalidFact("a provider needs an id")
        if any(units < 0 for units in base_units.values()):
            raise InvalidFact(f"provider {provider_id} has negative capacity")
        return cls(provider_id, parse_county(county), village.strip(), dict(base_units))

    def base(self, category: str) -> int:
        return self.base_units.get(category, 0)


@dataclass(frozen=True)
class CalendarException:
    """A broker's own word on one day (closed, half staffed, overtime).

    It overrides the regional season factor for that provider and day: the
    broker knows who turned up better than a county-wide estimate does.
    """

    provider_id: UUID
    day: date
    factor: Fraction

    @classmethod
    def of(cls, provider_id: UUID, day: date, factor: FactorInput) -> "CalendarException":
        return cls(provider_id, day, parse_factor(factor))

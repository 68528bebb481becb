"""Named seasons (tea picking, spring festival...) that shrink or grow local capacity.

A season gives an availability factor per county and, where a few villages
differ from their county, per village group; the group wins over the county.
Seasons that overlap multiply: tea picking during a festival compounds.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from services.balancer.domain.capacity.factors import FactorInput, parse_factor
from services.balancer.domain.errors import InvalidFact, InvalidSeason
from services.balancer.domain.region import parse_county
from shared.region import County

ONE = Fraction(1)


@dataclass(frozen=True)
class VillageGroup:
    """Villages of one county that share a factor (e.g. the tea-growing slopes)."""

    county: County
    villages: frozenset[str]
    factor: Fraction

    @classmethod
    def of(cls, county: str, villages: Iterable[str], factor: FactorInput) -> "VillageGroup":
        names = frozenset(v.strip() for v in villages)
        if not names or "" in names:
            raise InvalidSeason("a village group needs named villages")
        return cls(parse_county(county), names, _season_factor(factor))


@dataclass(frozen=True)
class Season:
    name: str
    start: date
    end: date
    county_factors: Mapping[County, Fraction] = field(default_factory=dict)
    village_groups: tuple[VillageGroup, ...] = ()

    @classmethod
    def of(
        cls,
        name: str,
        start: date,
        end: date,
        counties: Mapping[str, FactorInput] | None = None,
        village_groups: Iterable[VillageGroup] = (),
    ) -> "Season":
        """A validated season; factors may be given as 0.6, "0.6" or Fraction(3, 5)."""
        if not name.strip():
            raise InvalidSeason("a season needs a name")
        if end < start:
            raise InvalidSeason(f"season {name} ends {end} before it starts {start}")
        factors = {parse_county(c): _season_factor(f) for c, f in (counties or {}).items()}
        return cls(name.strip(), start, end, factors, tuple(village_groups))

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def factor_for(self, county: County, village: str, day: date) -> Fraction:
        """This season's factor for one village on one day (1 outside the season)."""
        if not self.covers(day):
            return Fraction(1)
        for group in self.village_groups:
            if group.county == county and village in group.villages:
                return group.factor
        return self.county_factors.get(county, Fraction(1))


def combined_factor(seasons: Iterable[Season], county: County, village: str, day: date) -> Fraction:
    """Product of the factors of every season in force that day."""
    factor = ONE
    for season in seasons:
        if season.covers(day):  # a season out of force is 1: no fraction to multiply
            factor *= season.factor_for(county, village, day)
    return factor


def _season_factor(value: FactorInput) -> Fraction:
    try:
        return parse_factor(value)
    except InvalidFact as exc:
        raise InvalidSeason(str(exc)) from exc

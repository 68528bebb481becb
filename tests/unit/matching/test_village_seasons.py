"""Seasons given per village group cut the capacity of providers in those villages
(issue 12 item 4); the county's factor still applies to the county's other villages."""

from dataclasses import replace
from uuid import UUID

from services.matching.domain import (
    CapacityCalendar,
    County,
    DateRange,
    Provider,
    SeasonalFactor,
    village_names,
)

from .builders import BEADS, day, provider

TEA = UUID(int=7)
DAYS = DateRange(day(2), day(4))
IN_GROUP = replace(provider(1, county=County.JINYUN, units=1500), village="Xiangchaku")
ELSEWHERE = replace(provider(2, county=County.JINYUN, units=1500), village="Huzhen")


def gross(p: Provider, seasons: list[SeasonalFactor]) -> int:
    return CapacityCalendar.for_provider(p, BEADS, seasons=seasons).gross_units(day(3))


def group(percent: int, names: str, county: County = County.JINYUN) -> SeasonalFactor:
    return SeasonalFactor(county, DAYS, percent, villages=village_names(names), season_id=TEA)


def test_a_village_group_factor_cuts_a_provider_in_that_village() -> None:
    assert gross(IN_GROUP, [group(25, "Xiangchaku, Dayang")]) == 375


def test_it_leaves_the_other_villages_of_the_county_alone() -> None:
    assert gross(ELSEWHERE, [group(25, "Xiangchaku, Dayang")]) == 1500


def test_a_group_of_another_county_does_not_apply() -> None:
    assert gross(IN_GROUP, [group(25, "Xiangchaku", County.SUICHANG)]) == 1500


def test_within_a_season_the_group_wins_over_its_county() -> None:
    county = SeasonalFactor(County.JINYUN, DAYS, 60, season_id=TEA)
    seasons = [county, group(80, "Xiangchaku")]
    assert gross(IN_GROUP, seasons) == 1200
    assert gross(ELSEWHERE, seasons) == 900


def test_across_seasons_the_most_restrictive_applies() -> None:
    other = SeasonalFactor(County.JINYUN, DAYS, 50, season_id=UUID(int=8))
    assert gross(IN_GROUP, [other, group(80, "Xiangchaku")]) == 750


def test_village_names_read_the_balancer_wire_form() -> None:
    assert village_names(" Xiangchaku , Dayang,, ") == frozenset({"Xiangchaku", "Dayang"})
    assert village_names(None) == village_names("") == frozenset()

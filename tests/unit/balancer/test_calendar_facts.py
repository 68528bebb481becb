"""Stored seasons and calendar exceptions become the domain calendar the same way every time."""

from decimal import Decimal

import pytest

from services.balancer.domain import InvalidSeason, LoadView, Provider, UnknownCounty
from services.balancer.domain.capacity.facts import (
    ExceptionFact,
    FactorFact,
    apply_exceptions,
    to_season,
    villages,
)
from services.balancer.domain.days import window
from tests.unit.balancer.builders import CAT, day, uid, view_with

OTHER = "bead_work"
WINDOW = window(day(0))


def test_village_groups_are_comma_separated_and_win_over_their_county() -> None:
    season = to_season(
        "tea_picking",
        day(0),
        day(13),
        [
            FactorFact("jinyun", None, Decimal("0.8")),
            FactorFact("jinyun", " Hutang , Dongdu ", Decimal("0.6")),
        ],
    )
    view = view_with(("jy-a", "Jinyun", "Hutang", 10), ("jy-b", "Jinyun", "Xinjian", 10))
    view.calendar.put_season(season)
    assert view.capacity(uid("jy-a"), CAT, day(1)) == 6
    assert view.capacity(uid("jy-b"), CAT, day(1)) == 8
    assert villages(None) == villages(" ") == []


@pytest.mark.parametrize(
    ("fact", "error"),
    [
        (FactorFact("hangzhou", None, Decimal("0.5")), UnknownCounty),
        (FactorFact("jinyun", None, Decimal("3")), InvalidSeason),
    ],
)
def test_bad_season_facts_are_refused(fact: FactorFact, error: type[Exception]) -> None:
    with pytest.raises(error):
        to_season("tea_picking", day(0), day(1), [fact])


def exception(
    category: str | None, factor: str | None = None, units: int | None = None, last: int = 1
) -> ExceptionFact:
    return ExceptionFact(
        uid("jy-a"), category, day(1), day(last), Decimal(factor) if factor else None, units
    )


def two_category_view() -> LoadView:
    view = LoadView()
    view.calendar.put_provider(Provider.of(uid("jy-a"), "Jinyun", "Hutang", {CAT: 10, OTHER: 4}))
    return view


def test_a_provider_wide_factor_applies_to_every_category() -> None:
    view = two_category_view()
    apply_exceptions(view.calendar, [exception(None, factor="0.5", last=2)], WINDOW)
    assert [view.capacity(uid("jy-a"), c, day(2)) for c in (CAT, OTHER)] == [5, 2]
    assert view.capacity(uid("jy-a"), CAT, day(3)) == 10


def test_category_exceptions_touch_only_their_category() -> None:
    view = two_category_view()
    apply_exceptions(
        view.calendar, [exception(CAT, units=3), exception(OTHER, factor="0.5")], WINDOW
    )
    assert [view.capacity(uid("jy-a"), c, day(1)) for c in (CAT, OTHER)] == [3, 2]


def test_the_later_exception_on_a_day_wins() -> None:
    view = two_category_view()
    apply_exceptions(
        view.calendar, [exception(CAT, units=3), exception(None, factor="1.5")], WINDOW
    )
    assert view.capacity(uid("jy-a"), CAT, day(1)) == 15
    apply_exceptions(view.calendar, [exception(CAT, units=0)], WINDOW)
    assert view.capacity(uid("jy-a"), CAT, day(1)) == 0


def test_exceptions_of_unknown_providers_wait_for_their_registration() -> None:
    view = view_with(("jy-b", "Jinyun", "Dongdu", 10))
    apply_exceptions(view.calendar, [exception(None, factor="0")], WINDOW)
    assert view.calendar.exceptions == {} and view.calendar.unit_overrides == {}

"""Capacity loans: offer, reserve per transfer, release, withdraw."""

from datetime import date

import pytest

from services.balancer.domain import CapacityLoan, IllegalTransition, LoanError, LoanState
from tests.unit.balancer.builders import CAT, day, uid


def loan(units: int = 4) -> CapacityLoan:
    return CapacityLoan.offer(uid("L1"), uid("ld-1"), CAT, day(1), day(5), units)


def test_offer_records_an_event_and_is_available_only_in_its_dates() -> None:
    offered = loan()
    assert [e.name for e in offered.events] == ["CapacityLoanOffered"]
    assert [offered.available_on(day(n)) for n in (0, 1, 5, 6)] == [0, 4, 4, 0]


@pytest.mark.parametrize(("units", "last"), [(0, 5), (2, 0)])
def test_bad_offers_are_refused(units: int, last: int) -> None:
    with pytest.raises(LoanError):
        CapacityLoan.offer(uid("L1"), uid("ld-1"), CAT, day(1), day(last), units)


def test_reservations_reduce_availability_and_release_restores_it() -> None:
    offered = loan()
    offered.reserve(uid("t1"), {day(2): 3})
    offered.reserve(uid("t2"), {day(2): 1, day(3): 4})
    assert [offered.available_on(day(n)) for n in (2, 3)] == [0, 0]
    offered.release(uid("t1"))
    offered.release(uid("t1"))  # compensation may run twice
    assert offered.available_on(day(2)) == 3


@pytest.mark.parametrize("schedule", [{day(2): 5}, {day(6): 1}, {day(2): 0}])
def test_reserving_more_than_offered_is_all_or_nothing(schedule: dict[date, int]) -> None:
    offered = loan()
    with pytest.raises(LoanError):
        offered.reserve(uid("t1"), {day(1): 1, **schedule})
    assert offered.reservations == {}


def test_a_transfer_reserves_a_loan_once() -> None:
    offered = loan()
    offered.reserve(uid("t1"), {day(2): 1})
    with pytest.raises(LoanError):
        offered.reserve(uid("t1"), {day(3): 1})


def test_withdrawal_needs_released_reservations_and_happens_once() -> None:
    offered = loan()
    offered.reserve(uid("t1"), {day(2): 1})
    with pytest.raises(LoanError):
        offered.withdraw()
    offered.release(uid("t1"))
    offered.withdraw()
    assert offered.state is LoanState.WITHDRAWN
    assert offered.available_on(day(2)) == 0
    assert offered.events[-1].name == "CapacityLoanWithdrawn"
    with pytest.raises(IllegalTransition):
        offered.withdraw()
    with pytest.raises(LoanError):
        offered.reserve(uid("t2"), {day(2): 1})


@pytest.mark.parametrize(
    ("made", "kept"),
    [(0, {}), (3, {day(2): 3}), (5, {day(2): 3, day(3): 2}), (9, {day(2): 3, day(3): 4})],
)
def test_work_cancelled_after_its_transfer_keeps_only_the_days_of_what_was_made(
    made: int, kept: dict[date, int]
) -> None:
    offered = loan()
    offered.reserve(uid("t1"), {day(3): 4, day(2): 3})
    offered.keep_made(uid("t1"), made)
    assert offered.reservations.get(uid("t1"), {}) == kept
    assert offered.available_on(day(3)) == 4 - kept.get(day(3), 0)

"""Issue 12 item 3: the days a lender accepts are the days matching must book.

The case from the issue: materials ready on 28 December (Yiwu), a Liandu lender's loan of
1,000 a day from 29 December to 9 January. Whatever the planner picks must lie after the
materials reach the lender, inside the loan and under its daily limit; acceptance hands
exactly the reserved days on (TransferAccepted v2), never days of matching's own choosing.
"""

from dataclasses import replace
from datetime import date, datetime

import pytest

from services.balancer.domain import (
    CapacityLoan,
    IllegalTransition,
    Job,
    LoadView,
    LoanError,
    PlannedTransfer,
    Provider,
    TransferState,
    accept_transfer,
    build_problem,
    propose_transfer,
    rebalance,
)
from services.balancer.domain.errors import UnservableDays
from services.balancer.domain.load.materials import materials_at_home
from shared.region import County
from tests.unit.balancer.builders import uid

CAT = "pearl_embroidery"
TODAY = date(2026, 12, 1)
READY = date(2026, 12, 28)
LOAN_START, LOAN_END = date(2026, 12, 29), date(2027, 1, 9)
EXPIRES = datetime(2026, 12, 2, 12, 0)
NOW = datetime(2026, 12, 1, 12, 0)


def tea_case() -> tuple[PlannedTransfer, CapacityLoan]:
    view = LoadView()
    view.calendar.put_provider(Provider.of(uid("jy-a"), "Jinyun", "Hutang", {CAT: 300}))
    view.calendar.put_provider(Provider.of(uid("ld-1"), "Liandu", "Bihu", {CAT: 1500}))
    home = materials_at_home(County.JINYUN, "yiwu", READY)  # 110 km: the 29th
    assert home == date(2026, 12, 29)
    view.put_job(
        Job(uid("J1"), uid("jy-a"), CAT, 5000, 0, date(2027, 1, 10), date(2027, 1, 2), home)
    )
    loan = CapacityLoan.offer(uid("L1"), uid("ld-1"), CAT, LOAN_START, LOAN_END, 1000)
    (planned,) = rebalance(build_problem(view, TODAY, [loan])).transfers
    return planned, loan


def test_planned_days_follow_the_materials_the_loan_and_its_daily_limit() -> None:
    planned, loan = tea_case()
    days = dict(planned.schedule)
    # Materials at the Jinyun broker on the 29th, one more day to Liandu; home by the 10th.
    assert planned.window == (date(2026, 12, 30), date(2027, 1, 9))
    assert min(days) >= date(2026, 12, 30) and max(days) <= LOAN_END
    assert all(0 < units <= loan.units_per_day for units in days.values())


def test_accepting_hands_on_exactly_the_reserved_days() -> None:
    planned, loan = tea_case()
    transfer = propose_transfer(uid("t1"), planned, EXPIRES, loan)
    days = accept_transfer(transfer, loan, NOW)
    assert days == loan.reservations[uid("t1")] == dict(planned.schedule)
    assert sum(days.values()) == planned.units


def test_a_day_before_the_materials_reach_the_lender_is_never_reserved() -> None:
    planned, loan = tea_case()
    early = replace(planned, schedule=((LOAN_START, 500), *planned.schedule[1:]))
    with pytest.raises(UnservableDays, match="materials"):
        propose_transfer(uid("t1"), early, EXPIRES, loan)
    assert loan.reservations == {}


def test_a_receiver_transfer_outside_its_window_is_refused_too() -> None:
    planned, _ = tea_case()
    receiver = replace(planned, loan_id=None, schedule=((date(2026, 12, 1), 1500),))
    with pytest.raises(UnservableDays):
        propose_transfer(uid("t1"), receiver, EXPIRES)


def test_days_outside_the_loan_or_above_its_limit_are_refused() -> None:
    planned, loan = tea_case()
    for schedule in (((date(2027, 1, 10), 10),), ((date(2027, 1, 6), 1001),)):
        wide = replace(planned, schedule=schedule, window=None)
        with pytest.raises(LoanError, match="cannot give"):
            propose_transfer(uid("t1"), wide, EXPIRES, loan)
    assert loan.reservations == {}


def test_a_transfer_whose_reservation_changed_cannot_be_accepted() -> None:
    planned, loan = tea_case()
    transfer = propose_transfer(uid("t1"), planned, EXPIRES, loan)
    loan.release(uid("t1"))
    with pytest.raises(IllegalTransition, match="no longer holds"):
        accept_transfer(transfer, loan, NOW)
    assert transfer.state is TransferState.PROPOSED

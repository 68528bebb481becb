"""The transfer saga: named steps, compensation of the loan, retries, illegal steps raising."""

from collections.abc import Callable
from datetime import datetime

import pytest

from services.balancer.domain import (
    CapacityLoan,
    IllegalTransition,
    LoanError,
    PlannedTransfer,
    Transfer,
    TransferState,
    compensate_transfer,
    propose_transfer,
)
from tests.unit.balancer.builders import CAT, day, uid

EXPIRES = datetime(2025, 4, 2, 18, 0)


def planned(loan: str | None = "L") -> PlannedTransfer:
    loan_id = None if loan is None else uid(loan)
    return PlannedTransfer(
        uid("J1"), uid("jy-a"), uid("ld-1"), CAT, loan_id, ((day(2), 3), (day(3), 2)), 7
    )


def loan() -> CapacityLoan:
    return CapacityLoan.offer(uid("L"), uid("ld-1"), CAT, day(1), day(5), 4)


def names(transfer: Transfer) -> list[str]:
    return [e.name for e in transfer.events]


def test_happy_path_reserves_the_loan_and_records_each_step() -> None:
    lent = loan()
    transfer = propose_transfer(uid("t1"), planned(), EXPIRES, lent)
    assert lent.available_on(day(2)) == 1
    transfer.accept()
    transfer.request_split()
    transfer.complete()
    assert transfer.state is TransferState.COMPLETED and transfer.finished
    assert names(transfer) == [
        "TransferProposed",
        "TransferAccepted",
        "TransferSplitRequested",
        "TransferCompleted",
    ]
    assert transfer.schedule == {day(2): 3, day(3): 2}


def test_decline_then_compensation_releases_the_loan() -> None:
    lent = loan()
    transfer = propose_transfer(uid("t1"), planned(), EXPIRES, lent)
    transfer.decline("our own order came in")
    compensate_transfer(transfer, lent)
    assert transfer.state is TransferState.COMPENSATED
    assert lent.available_on(day(2)) == 4
    assert names(transfer)[-2:] == ["TransferDeclined", "TransferCompensated"]


def test_matching_refusal_is_retried_then_compensated() -> None:
    lent = loan()
    transfer = propose_transfer(uid("t1"), planned(), EXPIRES, lent)
    transfer.accept()
    transfer.request_split()
    for _ in range(transfer.max_retries):
        transfer.fail("job progressed")
        transfer.retry()
    transfer.fail("capacity gone")
    with pytest.raises(IllegalTransition):
        transfer.retry()
    compensate_transfer(transfer, lent)
    assert (transfer.state, transfer.retry_count) == (TransferState.COMPENSATED, 3)
    assert names(transfer).count("TransferFailed") == 4
    assert lent.reservations == {}


def test_a_retried_split_can_complete() -> None:
    transfer = propose_transfer(uid("t1"), planned(None), EXPIRES)
    transfer.accept()
    transfer.request_split()
    transfer.fail("matching busy")
    transfer.retry()
    transfer.complete()
    assert (transfer.state, transfer.retry_count) == (TransferState.COMPLETED, 1)


def test_expiry_only_after_the_deadline() -> None:
    transfer = propose_transfer(uid("t1"), planned(), EXPIRES, loan())
    with pytest.raises(IllegalTransition):
        transfer.expire(datetime(2025, 4, 2, 17, 59))
    transfer.expire(EXPIRES)
    assert transfer.state is TransferState.EXPIRED


def test_proposal_that_overdraws_the_loan_reserves_nothing() -> None:
    lent = CapacityLoan.offer(uid("L"), uid("ld-1"), CAT, day(1), day(5), 2)
    with pytest.raises(LoanError):
        propose_transfer(uid("t1"), planned(), EXPIRES, lent)
    assert lent.reservations == {}


def test_the_loan_must_be_the_planned_one() -> None:
    with pytest.raises(LoanError):
        propose_transfer(uid("t1"), planned("L"), EXPIRES, None)
    transfer = propose_transfer(uid("t1"), planned(None), EXPIRES)
    transfer.decline("no")
    with pytest.raises(LoanError):
        compensate_transfer(transfer, loan())


Step = Callable[[Transfer], None]
STEPS: dict[str, Step] = {
    "accept": lambda t: t.accept(),
    "decline": lambda t: t.decline("no"),
    "expire": lambda t: t.expire(EXPIRES),
    "request_split": lambda t: t.request_split(),
    "complete": lambda t: t.complete(),
    "fail": lambda t: t.fail("refused"),
    "retry": lambda t: t.retry(),
    "compensate": lambda t: t.compensate(),
}
REACH: dict[TransferState, list[str]] = {
    TransferState.PROPOSED: [],
    TransferState.ACCEPTED: ["accept"],
    TransferState.SPLIT_REQUESTED: ["accept", "request_split"],
    TransferState.COMPLETED: ["accept", "request_split", "complete"],
    TransferState.DECLINED: ["decline"],
    TransferState.EXPIRED: ["expire"],
    TransferState.FAILED: ["accept", "request_split", "fail"],
    TransferState.COMPENSATED: ["decline", "compensate"],
}
LEGAL = {
    TransferState.PROPOSED: {"accept", "decline", "expire"},
    TransferState.ACCEPTED: {"request_split"},
    TransferState.SPLIT_REQUESTED: {"complete", "fail"},
    TransferState.FAILED: {"retry", "compensate"},
    TransferState.DECLINED: {"compensate"},
    TransferState.EXPIRED: {"compensate"},
}
ILLEGAL = [
    (state, step)
    for state in TransferState
    for step in STEPS
    if step not in LEGAL.get(state, set())
]


def in_state(state: TransferState) -> Transfer:
    transfer = Transfer.propose(uid("t1"), planned(None), EXPIRES)
    for step in REACH[state]:
        STEPS[step](transfer)
    assert transfer.state is state
    return transfer


@pytest.mark.parametrize(("state", "step"), ILLEGAL, ids=lambda v: str(v))
def test_illegal_steps_raise_and_change_nothing(state: TransferState, step: str) -> None:
    transfer = in_state(state)
    before = (transfer.state, len(transfer.events), transfer.retry_count)
    with pytest.raises(IllegalTransition):
        STEPS[step](transfer)
    assert (transfer.state, len(transfer.events), transfer.retry_count) == before


def test_a_proposal_whose_job_ended_is_withdrawn_before_its_expiry() -> None:
    transfer = propose_transfer(uid("t9"), planned(), EXPIRES, loan())
    transfer.withdraw("the job was cancelled: order cancelled")
    assert (transfer.state, transfer.outcome) == (TransferState.EXPIRED, TransferState.EXPIRED)
    assert transfer.reason == "the job was cancelled: order cancelled"
    assert names(transfer)[-1] == "TransferExpired"


def test_an_accepted_transfer_is_not_withdrawn_matching_answers_its_split() -> None:
    transfer = propose_transfer(uid("t10"), planned(), EXPIRES, loan())
    transfer.accept()
    transfer.request_split()
    with pytest.raises(IllegalTransition):
        transfer.withdraw("the job was cancelled")

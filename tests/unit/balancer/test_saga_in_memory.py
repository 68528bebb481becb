"""The transfer saga through the balancer's own handlers, on the in-memory unit of work.

The same journey as tests/integration/balancer/test_transfer_saga.py (PostgreSQL,
Kafka, a real process), in milliseconds: plan and propose, accept (TransferAccepted
v2 with exactly the reserved days), matching refuses (v1 or v2: compensation, and
the refused lender is not asked again), a second lender accepts, matching splits.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from services.balancer.config import BalancerSettings
from services.balancer.consumers import BalancerHandler
from services.balancer.domain.capacity.providers import Provider
from services.balancer.domain.load.jobs import Job
from services.balancer.domain.loans.loan import CapacityLoan
from services.balancer.domain.loans.slots import ReceiverOptIn
from services.balancer.domain.transfers.transfer import TransferState
from services.balancer.handlers.rebalance import rebalance_now
from services.balancer.handlers.transfers import (
    answer_transfer,
    expire_due,
    on_job_split,
    on_split_refused,
)
from shared.contracts import balancer as b
from shared.contracts import matching as m
from shared.events import Payload, new_envelope
from shared.identity import Principal, Role
from tests.unit.balancer.builders import CAT, day, uid
from tests.unit.balancer.memory import MemoryUnitOfWork, State

NOW = datetime(2025, 3, 31, 4, 0, tzinfo=UTC)  # noon in Lishui on builders.TODAY
BUSY, LENDER, OTHER = uid("jy-busy"), uid("ld-lender"), uid("ld-other")
JOB, ORDER = uid("job-1"), uid("order-1")


def tea_region() -> State:
    """A Jinyun factory making 3 a day, 40 units due on day 10 (10 late); a Liandu loan."""
    state = State()
    state.calendar.put_provider(Provider.of(BUSY, "jinyun", "Hutang", {CAT: 3}))
    state.calendar.put_provider(Provider.of(LENDER, "liandu", "Bihu", {CAT: 6}))
    state.calendar.put_provider(Provider.of(OTHER, "liandu", "Nanming", {CAT: 6}))
    state.jobs[JOB] = Job(JOB, BUSY, CAT, 40, 0, day(10), day(1))
    state.orders[JOB] = ORDER
    lend(state, LENDER)
    return state


def lend(state: State, provider: UUID) -> UUID:
    """3 a day from today to day 20."""
    loan = CapacityLoan.offer(UUID(int=provider.int + 1), provider, CAT, day(0), day(20), 3)
    state.loans[loan.loan_id] = loan
    return loan.loan_id


def published(uow: MemoryUnitOfWork, kind: type[Payload]) -> list[Payload]:
    return [p for p in uow.state.published if type(p) is kind]


async def consume(uow: MemoryUnitOfWork, handler: BalancerHandler, payload: Payload) -> None:
    """As the inbox consumer does: the handler inside a unit of work it commits."""
    async with uow:
        await handler(uow, new_envelope(payload, key=payload.event_key()), payload)
        await uow.commit()


async def propose(uow: MemoryUnitOfWork) -> b.TransferProposed:
    report = await rebalance_now(uow, BalancerSettings(), NOW)
    assert report.proposed == 1, report
    proposal = published(uow, b.TransferProposed)[-1]
    assert isinstance(proposal, b.TransferProposed)
    return proposal


async def accept(uow: MemoryUnitOfWork, proposal: b.TransferProposed) -> b.TransferAcceptedV2:
    who = Principal(proposal.to_provider_id, Role.PROVIDER)
    await answer_transfer(uow, who, proposal.transfer_id, True, "", NOW)
    accepted = published(uow, b.TransferAcceptedV2)[-1]
    assert isinstance(accepted, b.TransferAcceptedV2)
    assert accepted.transfer_id == proposal.transfer_id
    return accepted


@pytest.mark.parametrize("version", [1, 2])
async def test_refusal_compensates_then_another_lender_takes_the_split(version: int) -> None:
    uow = MemoryUnitOfWork(tea_region())
    first = await propose(uow)
    assert (first.to_provider_id, first.units, first.order_id) == (LENDER, 10, ORDER)
    (loan,) = [x for x in uow.state.loans.values() if x.provider_id == LENDER]
    accepted = await accept(uow, first)
    assert (
        accepted.days
        == loan.reservations[first.transfer_id]
        == uow.state.loans[loan.loan_id].reservations[first.transfer_id]
    )
    assert sum(accepted.days.values()) == 10

    refusal: m.JobSplitRefused = m.JobSplitRefused(
        transfer_id=first.transfer_id, job_id=JOB, reason="job progressed"
    )
    if version == 2:
        refusal = m.JobSplitRefusedV2(**refusal.model_dump(), order_id=ORDER)
    await consume(uow, on_split_refused, refusal)
    failed = uow.state.transfers[first.transfer_id]
    assert (failed.state, failed.outcome) == (TransferState.COMPENSATED, TransferState.FAILED)
    assert uow.state.loans[loan.loan_id].reservations == {}
    (told,) = published(uow, b.TransferFailed)
    assert isinstance(told, b.TransferFailed) and told.will_retry
    assert uow.state.requests, "a refusal asks for a fresh plan"

    assert (await rebalance_now(uow, BalancerSettings(), NOW)).proposed == 0  # lender refused
    lend(uow.state, OTHER)
    second = await propose(uow)
    assert second.to_provider_id == OTHER and uow.state.transfers[second.transfer_id].attempt == 2
    await accept(uow, second)

    new_job = uid("job-1-split")
    split = m.JobSplit(
        transfer_id=second.transfer_id, job_id=JOB, new_job_id=new_job, order_id=ORDER,
        from_provider_id=BUSY, to_provider_id=OTHER, units=10,
    )  # fmt: skip
    await consume(uow, on_job_split, split)
    done = uow.state.transfers[second.transfer_id]
    assert (done.state, done.new_job_id) == (TransferState.COMPLETED, new_job)
    assert uow.state.jobs[JOB].units == 30 and uow.state.jobs[new_job].provider_id == OTHER
    (completed,) = published(uow, b.TransferCompleted)
    assert isinstance(completed, b.TransferCompleted) and completed.units == 10


async def test_a_decline_frees_the_loan_and_the_lender_is_not_asked_again() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    who = Principal(LENDER, Role.PROVIDER)
    await answer_transfer(uow, who, proposal.transfer_id, False, "our own order came in", NOW)
    declined = uow.state.transfers[proposal.transfer_id]
    assert (declined.outcome, declined.reason) == (TransferState.DECLINED, "our own order came in")
    assert all(x.reservations == {} for x in uow.state.loans.values())
    assert (await rebalance_now(uow, BalancerSettings(), NOW)).proposed == 0


async def test_an_unanswered_proposal_expires_and_frees_the_loan() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    assert await expire_due(uow, NOW) == 0
    assert await expire_due(uow, NOW + timedelta(days=2)) == 1
    expired = uow.state.transfers[proposal.transfer_id]
    assert (expired.state, expired.outcome) == (TransferState.COMPENSATED, TransferState.EXPIRED)
    assert all(x.reservations == {} for x in uow.state.loans.values())
    assert published(uow, b.TransferExpired)


async def test_nothing_is_kept_or_published_without_a_commit() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    before = len(uow.state.published)
    async with uow:
        transfer = await uow.transfers.get(proposal.transfer_id)
        assert transfer is not None
        transfer.decline("changed my mind")
        await uow.transfers.save(transfer)
        uow.publish(b.TransferDeclined(transfer_id=proposal.transfer_id, job_id=JOB))
    assert uow.state.transfers[proposal.transfer_id].state is TransferState.PROPOSED
    assert len(uow.state.published) == before


async def test_a_receiver_transfer_in_flight_stands_in_at_the_receiver() -> None:
    state = tea_region()
    state.loans.clear()
    state.opt_ins[uid("opt-in")] = ReceiverOptIn(LENDER, CAT, day(0), day(20))
    uow = MemoryUnitOfWork(state)
    proposal = await propose(uow)
    accepted = await accept(uow, proposal)
    assert accepted.days == uow.state.transfers[proposal.transfer_id].schedule  # no loan
    again = await rebalance_now(uow, BalancerSettings(), NOW)
    assert (again.proposed, again.at_risk) == (0, 0)
    risks = {p.job_id for p in published(uow, b.JobAtRisk) if isinstance(p, b.JobAtRisk)}
    assert risks == {JOB}, "the stand-in (keyed by the transfer) is never announced"

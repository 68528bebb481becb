"""The transfer saga through the balancer's own handlers, on the in-memory unit of work:
what the shared scenarios (test_saga_scenarios.py) leave out: the days accepted are the
loan's reservation, expiry, a receiver's stand-in, nothing kept without a commit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from services.balancer.config import BalancerSettings
from services.balancer.domain.capacity.providers import Provider
from services.balancer.domain.load.jobs import Job
from services.balancer.domain.loans.loan import CapacityLoan
from services.balancer.domain.loans.slots import ReceiverOptIn
from services.balancer.domain.transfers.transfer import TransferState
from services.balancer.handlers.rebalance import rebalance_now
from services.balancer.handlers.transfers import (
    answer_transfer,
    expire_due,
)
from shared.contracts import balancer as b
from shared.events import Payload
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
    return [p for p in uow.published if type(p) is kind]


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
    before = len(uow.published)
    async with uow:
        transfer = await uow.transfers.get(proposal.transfer_id)
        assert transfer is not None
        transfer.decline("changed my mind")
        await uow.transfers.save(transfer)
        uow.publish(b.TransferDeclined(transfer_id=proposal.transfer_id, job_id=JOB))
    assert uow.state.transfers[proposal.transfer_id].state is TransferState.PROPOSED
    assert len(uow.published) == before


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


async def test_the_days_accepted_are_the_loans_reservation_for_the_transfer() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    accepted = await accept(uow, proposal)
    (loan,) = uow.state.loans.values()
    assert accepted.days == loan.reservations[proposal.transfer_id]
    assert sum(accepted.days.values()) == accepted.units == 10

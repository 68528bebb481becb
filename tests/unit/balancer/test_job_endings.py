"""Matching's job endings as the balancer follows them (through its consumer handler map):
a cancelled job stops loading its provider and takes back its unanswered transfer
proposal; a partial delivery (JobDelivered v2, not final) is progress, not an ending."""

from __future__ import annotations

import uuid

from services.balancer.config import BalancerSettings
from services.balancer.domain.load.jobs import JobClosure
from services.balancer.domain.transfers.transfer import TransferState
from services.balancer.handlers.rebalance import rebalance_now
from shared.contracts import balancer as b
from shared.contracts import matching as m
from shared.events import Payload
from shared.region import clock
from tests.unit.balancer.builders import day
from tests.unit.balancer.memory import MemoryUnitOfWork
from tests.unit.balancer.test_saga_in_memory import (
    BUSY,
    JOB,
    NOW,
    ORDER,
    accept,
    propose,
    published,
    tea_region,
)


async def matching_says(uow: MemoryUnitOfWork, payload: Payload) -> None:
    """Matching commits the event; the bus delivers it to the balancer's consumer map."""
    await uow.receive(payload)


def cancelled(kept: int = 0) -> m.JobCancelled:
    return m.JobCancelled(
        job_id=JOB, order_id=ORDER, provider_id=BUSY, units_kept=kept,
        units_released=40 - kept, reason="the office cancelled the order",
    )  # fmt: skip


def delivered(good: int, total_good: int, final: bool) -> m.JobDeliveredV2:
    return m.JobDeliveredV2(
        job_id=JOB, order_id=ORDER, provider_id=BUSY, good_units=good, defective_units=0,
        delivered_on=day(0), late=False, delivery_id=uuid.uuid4(), final=final,
        over_tolerance=False, total_good_units=total_good, total_defective_units=0,
        units_total=40,
    )  # fmt: skip


async def remaining(uow: MemoryUnitOfWork) -> int | None:
    """The job's units still loading its provider, None once it left the load view."""
    async with uow:
        job = (await uow.load.view(in_flight=False)).view.jobs.get(JOB)
    return None if job is None else job.remaining


async def test_a_cancelled_job_withdraws_its_proposal_and_no_longer_loads_its_provider() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    with clock.frozen_at(NOW):
        await matching_says(uow, cancelled(kept=5))
    assert uow.state.closed[JOB] is JobClosure.CANCELLED
    assert await remaining(uow) is None
    withdrawn = uow.state.transfers[proposal.transfer_id]
    assert (withdrawn.state, withdrawn.outcome) == (
        TransferState.COMPENSATED,
        TransferState.EXPIRED,
    )
    assert withdrawn.reason == "the job was cancelled: the office cancelled the order"
    assert all(loan.reservations == {} for loan in uow.state.loans.values())
    (expired,) = published(uow, b.TransferExpired)
    assert isinstance(expired, b.TransferExpired)
    assert (expired.transfer_id, expired.expired_at) == (proposal.transfer_id, NOW)
    again = await rebalance_now(uow, BalancerSettings(), NOW)
    assert (again.proposed, again.at_risk) == (0, 0), "nothing is planned for a cancelled job"


async def test_an_accepted_transfer_of_a_cancelled_job_waits_for_matchings_refusal() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    await accept(uow, proposal)
    await matching_says(uow, cancelled())
    transfer = uow.state.transfers[proposal.transfer_id]
    assert transfer.state is TransferState.SPLIT_REQUESTED, "the split request is out"
    refusal = m.JobSplitRefusedV2(
        transfer_id=proposal.transfer_id, job_id=JOB, order_id=ORDER,
        reason="the job was cancelled: the office cancelled the order",
    )  # fmt: skip
    await matching_says(uow, refusal)
    transfer = uow.state.transfers[proposal.transfer_id]
    assert (transfer.state, transfer.outcome) == (TransferState.COMPENSATED, TransferState.FAILED)
    assert all(loan.reservations == {} for loan in uow.state.loans.values())
    assert (await rebalance_now(uow, BalancerSettings(), NOW)).proposed == 0


async def test_a_partial_delivery_leaves_the_rest_loading_the_provider() -> None:
    uow = MemoryUnitOfWork(tea_region())
    await matching_says(uow, delivered(15, 15, final=False))
    assert JOB not in uow.state.closed
    assert await remaining(uow) == 25
    await matching_says(uow, delivered(10, 25, final=False))
    assert await remaining(uow) == 15
    await matching_says(uow, delivered(15, 40, final=True))
    assert uow.state.closed[JOB] is JobClosure.DELIVERED
    assert await remaining(uow) is None


async def test_a_v1_delivery_still_ends_the_job() -> None:
    uow = MemoryUnitOfWork(tea_region())
    v1 = m.JobDelivered(
        job_id=JOB, order_id=ORDER, provider_id=BUSY, good_units=40, defective_units=0,
        delivered_on=day(0), late=False,
    )  # fmt: skip
    await matching_says(uow, v1)
    assert uow.state.closed[JOB] is JobClosure.DELIVERED
    assert await remaining(uow) is None


async def test_a_final_delivery_withdraws_an_unanswered_proposal() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    await matching_says(uow, delivered(40, 40, final=True))
    transfer = uow.state.transfers[proposal.transfer_id]
    assert (transfer.outcome, transfer.reason) == (TransferState.EXPIRED, "the job was delivered")


async def test_a_cancellation_told_twice_asks_for_one_rebalance() -> None:
    uow = MemoryUnitOfWork(tea_region())
    await matching_says(uow, cancelled())
    await matching_says(uow, cancelled())  # re-emitted with a new event id
    assert uow.state.requests.count(f"job {JOB} cancelled") == 1


async def test_a_cancelled_split_off_job_gives_its_unused_loan_days_back() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    accepted = await accept(uow, proposal)
    new_job = uuid.uuid4()
    split = m.JobSplit(
        transfer_id=proposal.transfer_id, job_id=JOB, new_job_id=new_job, order_id=ORDER,
        from_provider_id=BUSY, to_provider_id=proposal.to_provider_id, units=10,
    )  # fmt: skip
    await matching_says(uow, split)
    (loan,) = uow.state.loans.values()
    assert loan.reservations[proposal.transfer_id] == accepted.days, "held for the new job"
    lent = m.JobCancelled(
        job_id=new_job, order_id=ORDER, provider_id=proposal.to_provider_id, units_kept=4,
        units_released=6, reason="the office cancelled the order",
    )  # fmt: skip
    await matching_says(uow, lent)
    assert uow.state.closed[new_job] is JobClosure.CANCELLED
    (loan,) = uow.state.loans.values()
    held = loan.reservations[proposal.transfer_id]
    assert sum(held.values()) == 4 and min(held) == min(accepted.days), "the days of the 4 made"

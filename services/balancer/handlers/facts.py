"""Matching's facts (and intake's order terms) as the balancer takes them in: one small
handler per event type.

They run inside the inbox consumer's transaction (consumers.py gives them its unit of
work with the balancer's repositories) and never commit. Each stores the fact and,
where it may change who is late, requests a rebalance. A job ends for the load view
when it is delivered in full or cancelled (taking back its unanswered transfer
proposal); a partial delivery counts as progress. A fact that cannot be true is
rejected (dead-lettered at once, not retried).
"""

from __future__ import annotations

from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.domain.errors import BalancerError
from services.balancer.domain.load.jobs import Job, ProgressReport
from services.balancer.domain.load.pace import behind_schedule
from services.balancer.handlers.transfers import release_lent_days, withdraw_for_ended_job
from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.events import Envelope, MalformedEvent, Payload


async def on_provider_registered(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.ProviderRegistered)
    await uow.facts.register_provider(p)
    await uow.requests.add(f"provider {p.provider_id} registered")


async def on_capacity_changed(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.CapacityChanged)
    await uow.facts.set_capacity(p)
    await uow.requests.add(f"capacity of {p.provider_id} changed")


async def on_calendar_changed(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.CalendarChanged)
    if p.end < p.start or ((p.factor is None) == (p.units_per_day is None) and not p.removed):
        raise MalformedEvent("a calendar exception needs a date range and a factor or units")
    await uow.facts.put_exception(p)
    await uow.requests.add(f"calendar of {p.provider_id} changed")


async def on_order_submitted(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    """Materials ready and market: a job may move before the day its provider scheduled it."""
    assert isinstance(p, o.OrderSubmitted)
    if await uow.facts.put_order_terms(p):
        await uow.requests.add(f"terms of order {p.order_id}")


async def on_offer_accepted(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.OfferAccepted)
    try:
        job = Job(p.job_id, p.provider_id, p.category, p.units, 0, p.deadline, p.start)
    except BalancerError as exc:
        raise MalformedEvent(f"OfferAccepted {p.job_id}: {exc}") from exc
    if await uow.facts.add_job(job, p.order_id):
        await uow.requests.add(f"new job {p.job_id}")


async def on_progress(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.JobProgressReported)
    await _progressed(uow, ProgressReport(p.job_id, p.reported_on, p.units_done))


async def on_delivered(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    """v1 delivered the whole job; v2 may deliver a part (``final`` False): the units
    delivered so far are made, and only the rest still loads the provider."""
    assert isinstance(p, m.JobDelivered)
    if isinstance(p, m.JobDeliveredV2) and not p.final:
        made = p.total_good_units + p.total_defective_units
        await _progressed(uow, ProgressReport(p.job_id, p.delivered_on, made))
        return
    await uow.facts.mark_delivered(p.job_id)
    await uow.requests.add(f"job {p.job_id} delivered")
    await withdraw_for_ended_job(uow, p.job_id, "the job was delivered")


async def on_cancelled(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    """The job's order was cancelled: its units made are owed work, the rest released; either
    way nothing of it loads its provider any more, nothing of it is moved, and loan days
    a transfer booked for it and not used go back to the lender."""
    assert isinstance(p, m.JobCancelled)
    if await uow.facts.cancel_job(p.job_id):
        await uow.requests.add(f"job {p.job_id} cancelled")
        await release_lent_days(uow, p.job_id, p.units_kept)
    await withdraw_for_ended_job(uow, p.job_id, f"the job was cancelled: {p.reason}")


async def _progressed(uow: BalancerUnitOfWork, report: ProgressReport) -> None:
    """Keeps the furthest progress; a job now behind its pace asks for a rebalance."""
    done = await uow.facts.record_progress(report)
    job = await uow.facts.job(report.job_id, open_only=True)
    if job is None:
        return  # kept for the job when it arrives
    if behind_schedule(job, report.reported_on, min(done, job.units)):
        await uow.requests.add(f"job {report.job_id} behind schedule")

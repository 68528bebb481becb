"""The rebalancing run: re-project, announce jobs at risk, plan with loans and receivers, propose.

It runs in a periodic worker, not in the consumer's transaction: handlers only
*request* a rebalance (a row in their own transaction), so a burst of twenty
accepted offers costs one solver run, a slow solve never holds up the event
stream, and one advisory lock keeps a single planner among many processes.
A run also happens every `rebalance_every_s` without requests, because "today"
moves on and a job can fall behind without any new fact.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters import loans_repo, transfers_repo
from services.balancer.adapters.requests import take_requests, try_lock
from services.balancer.adapters.tables import jobs, receiver_opt_ins
from services.balancer.adapters.view_loader import LoadedView, load_view
from services.balancer.config import BalancerSettings
from services.balancer.domain import (
    CapacityLoan,
    JobProjection,
    ReceiverOptIn,
    build_problem,
    project,
    rebalance,
)
from services.balancer.domain.rebalance.policy import risk_notices, select_proposals
from services.balancer.handlers import outgoing, saga
from shared.db.unit_of_work import UnitOfWork
from shared.region import clock

log = structlog.get_logger()


@dataclass(frozen=True)
class RunReport:
    at_risk: int
    late_units_before: int
    late_units_planned: int
    proposed: int
    method: str


async def rebalance_now(uow: UnitOfWork, settings: BalancerSettings, now: datetime) -> RunReport:
    """One run in one transaction; the caller decides when it is due."""
    async with uow:
        if not await try_lock(uow.session):
            return RunReport(0, 0, 0, 0, "skipped: another run holds the lock")
        await take_requests(uow.session)
        report = await _run(uow, settings, now)
        await uow.commit()
        return report


async def _run(uow: UnitOfWork, settings: BalancerSettings, now: datetime) -> RunReport:
    s, today = uow.session, clock.today(now)
    loaded = await load_view(s)
    projection = project(loaded.view, today)
    await _announce_risks(uow, loaded, projection.at_risk())
    loans = _known(loaded, await loans_repo.offered(s, lock=True))
    ctx = await transfers_repo.proposal_context(s)
    receivers = await _receivers(s, loaded)
    problem = build_problem(loaded.view, today, loans, receivers, ctx.refused)
    started = time.perf_counter()
    plan = rebalance(problem)
    log.info(
        "rebalance planned", method=plan.method, ms=round(1000 * (time.perf_counter() - started))
    )
    by_id = {loan.loan_id: loan for loan in loans}
    proposed = 0
    for planned in select_proposals(plan, ctx):
        attempt = 1 + ctx.failures.get(planned.job_id, 0)
        loan = by_id.get(planned.loan_id) if planned.loan_id else None
        order_id = loaded.orders[planned.job_id]
        expires = saga.expiry(now, settings.transfer_offer_ttl_s)
        proposed += await saga.propose(uow, planned, loan, order_id, attempt, expires) is not None
    risky = projection.at_risk()
    return RunReport(len(risky), projection.late_units(), plan.late_units, proposed, plan.method)


async def _announce_risks(
    uow: UnitOfWork, loaded: LoadedView, at_risk: list[JobProjection]
) -> None:
    risky = {j.job_id for j in at_risk}
    for job in risk_notices(at_risk, loaded.notified):
        outgoing.job_at_risk(uow, job, loaded.orders[job.job_id])
        await _set_notified(uow, job.job_id, job.late_units)
    for job_id, units in loaded.notified.items():
        if units and job_id not in risky:  # back on time: a later slip is news again
            await _set_notified(uow, job_id, 0)


async def _set_notified(uow: UnitOfWork, job_id: str, units: int) -> None:
    await uow.session.execute(
        sa.update(jobs).where(jobs.c.id == uuid.UUID(job_id)).values(notified_late_units=units)
    )


def _known(loaded: LoadedView, loans: list[CapacityLoan]) -> list[CapacityLoan]:
    """Loans of providers matching has not announced yet wait for their registration."""
    return [loan for loan in loans if loan.provider_id in loaded.view.calendar.providers]


async def _receivers(s: AsyncSession, loaded: LoadedView) -> list[ReceiverOptIn]:
    o = receiver_opt_ins
    rows = await s.execute(sa.select(o).where(o.c.active).order_by(o.c.id))
    return [
        ReceiverOptIn(str(r.provider_id), r.category, r.start, r.end)
        for r in rows
        if str(r.provider_id) in loaded.view.calendar.providers
    ]

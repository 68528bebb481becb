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
from dataclasses import dataclass
from datetime import datetime

import structlog

from services.balancer.adapters.load import LoadedView
from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.config import BalancerSettings
from services.balancer.domain.load.projection import JobProjection, project
from services.balancer.domain.loans.loan import CapacityLoan
from services.balancer.domain.loans.slots import ReceiverOptIn
from services.balancer.domain.rebalance.builder import build_problem
from services.balancer.domain.rebalance.policy import risk_notices, select_proposals
from services.balancer.domain.rebalance.solve import rebalance
from services.balancer.handlers import outgoing, saga
from shared.region import clock

log = structlog.get_logger()


@dataclass(frozen=True)
class RunReport:
    at_risk: int
    late_units_before: int
    late_units_planned: int
    proposed: int
    method: str


async def rebalance_requested(uow: BalancerUnitOfWork) -> bool:
    """Whether a handler asked for a rebalance since the last run took the requests."""
    async with uow:
        return await uow.requests.newest() is not None


async def rebalance_now(
    uow: BalancerUnitOfWork, settings: BalancerSettings, now: datetime
) -> RunReport:
    """One run in one transaction; the caller decides when it is due."""
    async with uow:
        if not await uow.requests.try_lock():
            return RunReport(0, 0, 0, 0, "skipped: another run holds the lock")
        await uow.requests.take()
        report = await _run(uow, settings, now)
        await uow.commit()
        return report


async def _run(uow: BalancerUnitOfWork, settings: BalancerSettings, now: datetime) -> RunReport:
    today = clock.today(now)
    loaded = await uow.load.view()
    projection = project(loaded.view, today)
    await _announce_risks(uow, loaded, projection.at_risk())
    loans = _known(loaded, await uow.loans.offered(lock=True))
    ctx = await uow.transfers.proposal_context()
    receivers = _registered(loaded, await uow.opt_ins.active())
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
    uow: BalancerUnitOfWork, loaded: LoadedView, at_risk: list[JobProjection]
) -> None:
    risky = {j.job_id for j in at_risk}
    for job in risk_notices(at_risk, loaded.notified, loaded.stand_ins):
        uow.publish(outgoing.job_at_risk(job, loaded.orders[job.job_id]))
        await uow.facts.set_notified(job.job_id, job.late_units)
    for job_id, units in loaded.notified.items():
        if units and job_id not in risky:  # back on time: a later slip is news again
            await uow.facts.set_notified(job_id, 0)


def _known(loaded: LoadedView, loans: list[CapacityLoan]) -> list[CapacityLoan]:
    """Loans of providers matching has not announced yet wait for their registration."""
    return [loan for loan in loans if loan.provider_id in loaded.view.calendar.providers]


def _registered(loaded: LoadedView, opt_ins: list[ReceiverOptIn]) -> list[ReceiverOptIn]:
    return [o for o in opt_ins if o.provider_id in loaded.view.calendar.providers]

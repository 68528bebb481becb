"""What the rebalancer acts on after the optimiser has spoken. Pure, so unit-tested alone.

- One open transfer per job: a job with a proposal in flight is not proposed again
  (its units are still counted at home until matching splits it).
- A receiver that declined, let a proposal for a job expire, or that matching
  refused to split the job onto (JobSplitRefused) is not asked again for that job.
- After `MAX_RETRIES` refusals by matching a job is left to people.
- A job is announced at risk once per change of its late units, not every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from services.balancer.domain import JobProjection, PlannedTransfer, RebalancePlan
from services.balancer.domain.transfers.transfer import MAX_RETRIES, TransferState

PENDING_PREFIX = "pending:"  # ids of the load-view stand-ins for transfers in flight


@dataclass(frozen=True)
class ProposalContext:
    open_jobs: frozenset[str] = frozenset()
    refused: frozenset[tuple[str, str]] = frozenset()  # (job, receiver) ruled out
    failures: Mapping[str, int] = field(default_factory=dict)  # refusals by matching per job


# Outcomes after which the receiver is not asked again for the job.
RULES_OUT_RECEIVER = frozenset(
    {TransferState.DECLINED, TransferState.EXPIRED, TransferState.FAILED}
)


@dataclass(frozen=True)
class PastTransfer:
    """One stored transfer as far as later proposals care."""

    job_id: str
    to_provider: str
    open: bool
    outcome: str | None


def context_of(transfers: Iterable[PastTransfer]) -> ProposalContext:
    """Jobs in flight, (job, receiver) pairs ruled out, and matching's refusals per job."""
    past = list(transfers)
    failures: dict[str, int] = {}
    for t in past:
        if t.outcome == TransferState.FAILED:
            failures[t.job_id] = failures.get(t.job_id, 0) + 1
    return ProposalContext(
        open_jobs=frozenset(t.job_id for t in past if t.open),
        refused=frozenset(
            (t.job_id, t.to_provider) for t in past if t.outcome in RULES_OUT_RECEIVER
        ),
        failures=failures,
    )


def may_retry(failures: int) -> bool:
    return failures <= MAX_RETRIES


def select_proposals(plan: RebalancePlan, ctx: ProposalContext) -> list[PlannedTransfer]:
    """Per eligible job, the planned transfer moving the most units (ties: the cheapest)."""
    best: dict[str, PlannedTransfer] = {}
    for t in plan.transfers:
        if not _eligible(t, ctx):
            continue
        current = best.get(t.job_id)
        if current is None or _rank(t) < _rank(current):
            best[t.job_id] = t
    return [best[job_id] for job_id in sorted(best)]


def _eligible(t: PlannedTransfer, ctx: ProposalContext) -> bool:
    return (
        not t.job_id.startswith(PENDING_PREFIX)
        and t.job_id not in ctx.open_jobs
        and (t.job_id, t.to_provider) not in ctx.refused
        and may_retry(ctx.failures.get(t.job_id, 0))
    )


def _rank(t: PlannedTransfer) -> tuple[int, int, str]:
    return (-t.units, t.transport_cost_fen, t.to_provider)


def risk_notices(
    at_risk: Iterable[JobProjection], notified: Mapping[str, int]
) -> list[JobProjection]:
    """At-risk jobs whose late units differ from what was last announced."""
    return [
        j
        for j in at_risk
        if not j.job_id.startswith(PENDING_PREFIX) and notified.get(j.job_id, 0) != j.late_units
    ]

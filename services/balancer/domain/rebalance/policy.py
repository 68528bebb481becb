"""What the rebalancer acts on after the optimiser has spoken. Pure, so unit-tested alone.

- One open transfer per job: a job with a proposal in flight is not proposed again
  (its units are still counted at home until matching splits it).
- A receiver that declined, let a proposal for a job expire, or that matching
  refused to split the job onto (JobSplitRefused) is not asked again for that job.
- After `MAX_RETRIES` refusals by matching a job is left to people.
- A job is announced at risk once per change of its late units, not every run.
- Stand-ins (a transfer in flight to an opted-in receiver, shown in the load view as a
  job with the transfer's id) are never proposed nor announced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from uuid import UUID

from services.balancer.domain.load.projection import JobProjection
from services.balancer.domain.rebalance.plan import PlannedTransfer, RebalancePlan
from services.balancer.domain.transfers.transfer import MAX_RETRIES, OPEN, TransferState


@dataclass(frozen=True)
class ProposalContext:
    open_jobs: frozenset[UUID] = frozenset()
    refused: frozenset[tuple[UUID, UUID]] = frozenset()  # (job, receiver) ruled out
    failures: Mapping[UUID, int] = field(default_factory=dict)  # refusals by matching per job
    stand_ins: frozenset[UUID] = frozenset()  # transfers in flight: their load-view stand-ins


# Outcomes after which the receiver is not asked again for the job.
RULES_OUT_RECEIVER = frozenset(
    {TransferState.DECLINED, TransferState.EXPIRED, TransferState.FAILED}
)


@dataclass(frozen=True)
class PastTransfer:
    """One stored transfer as far as later proposals care."""

    transfer_id: UUID
    job_id: UUID
    to_provider: UUID
    state: TransferState
    outcome: TransferState | None

    @property
    def open(self) -> bool:
        return self.state in OPEN


def context_of(transfers: Iterable[PastTransfer]) -> ProposalContext:
    """Jobs in flight, (job, receiver) pairs ruled out, and matching's refusals per job."""
    past = list(transfers)
    failures: dict[UUID, int] = {}
    for t in past:
        if t.outcome == TransferState.FAILED:
            failures[t.job_id] = failures.get(t.job_id, 0) + 1
    return ProposalContext(
        open_jobs=frozenset(t.job_id for t in past if t.open),
        refused=frozenset(
            (t.job_id, t.to_provider) for t in past if t.outcome in RULES_OUT_RECEIVER
        ),
        failures=failures,
        stand_ins=frozenset(t.transfer_id for t in past if t.open),
    )


def may_retry(failures: int) -> bool:
    return failures <= MAX_RETRIES


def select_proposals(plan: RebalancePlan, ctx: ProposalContext) -> list[PlannedTransfer]:
    """Per eligible job, the planned transfer moving the most units (ties: the cheapest)."""
    best: dict[UUID, PlannedTransfer] = {}
    for t in plan.transfers:
        if not _eligible(t, ctx):
            continue
        current = best.get(t.job_id)
        if current is None or _rank(t) < _rank(current):
            best[t.job_id] = t
    return [best[job_id] for job_id in sorted(best)]


def _eligible(t: PlannedTransfer, ctx: ProposalContext) -> bool:
    return (
        t.job_id not in ctx.stand_ins
        and t.job_id not in ctx.open_jobs
        and (t.job_id, t.to_provider) not in ctx.refused
        and may_retry(ctx.failures.get(t.job_id, 0))
    )


def _rank(t: PlannedTransfer) -> tuple[int, int, UUID]:
    return (-t.units, t.transport_cost_fen, t.to_provider)


def risk_notices(
    at_risk: Iterable[JobProjection],
    notified: Mapping[UUID, int],
    stand_ins: frozenset[UUID] = frozenset(),
) -> list[JobProjection]:
    """At-risk jobs whose late units differ from what was last announced."""
    return [
        j
        for j in at_risk
        if j.job_id not in stand_ins and notified.get(j.job_id, 0) != j.late_units
    ]

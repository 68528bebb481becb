"""The balancer's events as contract payloads, built from its domain objects.

Handlers publish them with ``uow.publish(payload)``; each contract names its topic
and key (seasons by season id, loans by provider id, transfers and JobAtRisk by
job id, so one job's story is read in order).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from services.balancer.domain.load.projection import JobProjection
from services.balancer.domain.loans.loan import CapacityLoan
from services.balancer.domain.transfers.transfer import Transfer
from shared.contracts import balancer as b


def loan_offered(loan: CapacityLoan) -> b.CapacityLoanOffered:
    return b.CapacityLoanOffered(
        loan_id=loan.loan_id,
        provider_id=loan.provider_id,
        category=loan.category,
        start=loan.start,
        end=loan.end,
        units_per_day=loan.units_per_day,
    )


def loan_withdrawn(loan: CapacityLoan) -> b.CapacityLoanWithdrawn:
    return b.CapacityLoanWithdrawn(loan_id=loan.loan_id, provider_id=loan.provider_id)


def job_at_risk(job: JobProjection, order_id: UUID) -> b.JobAtRisk:
    return b.JobAtRisk(
        job_id=job.job_id,
        order_id=order_id,
        provider_id=job.provider_id,
        deadline=job.deadline,
        projected_finish=job.finish or job.deadline,
        late_units=job.late_units,
    )


def transfer_proposed(t: Transfer) -> b.TransferProposed:
    return b.TransferProposed(**_move(t), expires_at=t.expires_at)


def transfer_accepted(t: Transfer, days: Mapping[date, int]) -> b.TransferAcceptedV2:
    """v2: the lender's days reserved for the transfer, which the split must book exactly."""
    return b.TransferAcceptedV2(**_move(t), days=dict(days))


def _move(t: Transfer) -> dict[str, Any]:
    """What a proposal and its acceptance both say: which units go from whom to whom."""
    p = t.plan
    return {
        "transfer_id": t.transfer_id,
        "job_id": p.job_id,
        "order_id": t.order_id,
        "from_provider_id": p.from_provider,
        "to_provider_id": p.to_provider,
        "units": p.units,
    }


def transfer_declined(t: Transfer) -> b.TransferDeclined:
    return b.TransferDeclined(
        transfer_id=t.transfer_id, job_id=t.plan.job_id, reason=t.reason or ""
    )


def transfer_expired(t: Transfer, at: datetime) -> b.TransferExpired:
    return b.TransferExpired(transfer_id=t.transfer_id, job_id=t.plan.job_id, expired_at=at)


def transfer_completed(t: Transfer, new_job_id: UUID) -> b.TransferCompleted:
    return b.TransferCompleted(
        transfer_id=t.transfer_id,
        job_id=t.plan.job_id,
        new_job_id=new_job_id,
        order_id=t.order_id,
        units=t.plan.units,
    )


def transfer_failed(t: Transfer, will_retry: bool) -> b.TransferFailed:
    return b.TransferFailed(
        transfer_id=t.transfer_id,
        job_id=t.plan.job_id,
        reason=t.reason or "",
        will_retry=will_retry,
    )

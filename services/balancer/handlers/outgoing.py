"""The balancer's published events: contract payloads staged in the caller's outbox.

Topics and keys: seasons by season id, loans by provider id, transfers (and
JobAtRisk) by job id, so one job's story is read in order.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from services.balancer.adapters.transfers_repo import TransferRecord
from services.balancer.domain import CapacityLoan, JobProjection
from shared.contracts import balancer as b
from shared.db.unit_of_work import UnitOfWork
from shared.events import Payload
from shared.kafka.topics import LOANS, SEASONS, TRANSFERS, Topic


def _stage(uow: UnitOfWork, topic: Topic, payload: Payload, key: uuid.UUID | str) -> None:
    uow.publish(payload)


def season_defined(uow: UnitOfWork, season: b.SeasonDefined) -> None:
    _stage(uow, SEASONS, season, season.season_id)


def loan_offered(uow: UnitOfWork, loan: CapacityLoan) -> None:
    payload = b.CapacityLoanOffered(
        loan_id=uuid.UUID(loan.loan_id),
        provider_id=uuid.UUID(loan.provider_id),
        category=loan.category,
        start=loan.start,
        end=loan.end,
        units_per_day=loan.units_per_day,
    )
    _stage(uow, LOANS, payload, loan.provider_id)


def loan_withdrawn(uow: UnitOfWork, loan: CapacityLoan) -> None:
    payload = b.CapacityLoanWithdrawn(
        loan_id=uuid.UUID(loan.loan_id), provider_id=uuid.UUID(loan.provider_id)
    )
    _stage(uow, LOANS, payload, loan.provider_id)


def job_at_risk(uow: UnitOfWork, job: JobProjection, order_id: uuid.UUID) -> None:
    payload = b.JobAtRisk(
        job_id=uuid.UUID(job.job_id),
        order_id=order_id,
        provider_id=uuid.UUID(job.provider_id),
        deadline=job.deadline,
        projected_finish=job.finish or job.deadline,
        late_units=job.late_units,
    )
    _stage(uow, TRANSFERS, payload, job.job_id)


def transfer_proposed(uow: UnitOfWork, rec: TransferRecord) -> None:
    payload = b.TransferProposed(**_move(rec), expires_at=rec.transfer.expires_at)
    _stage(uow, TRANSFERS, payload, rec.plan.job_id)


def transfer_accepted(uow: UnitOfWork, rec: TransferRecord, days: Mapping[date, int]) -> None:
    """v2: the lender's days reserved for the transfer, which the split must book exactly."""
    payload = b.TransferAcceptedV2(**_move(rec), days=dict(days))
    _stage(uow, TRANSFERS, payload, rec.plan.job_id)


def _move(rec: TransferRecord) -> dict[str, Any]:
    """What a proposal and its acceptance both say: which units go from whom to whom."""
    p = rec.plan
    return {
        "transfer_id": rec.id,
        "job_id": uuid.UUID(p.job_id),
        "order_id": rec.order_id,
        "from_provider_id": uuid.UUID(p.from_provider),
        "to_provider_id": uuid.UUID(p.to_provider),
        "units": p.units,
    }


def transfer_declined(uow: UnitOfWork, rec: TransferRecord) -> None:
    payload = b.TransferDeclined(
        transfer_id=rec.id, job_id=uuid.UUID(rec.plan.job_id), reason=rec.reason or ""
    )
    _stage(uow, TRANSFERS, payload, rec.plan.job_id)


def transfer_expired(uow: UnitOfWork, rec: TransferRecord, at: datetime) -> None:
    payload = b.TransferExpired(
        transfer_id=rec.id, job_id=uuid.UUID(rec.plan.job_id), expired_at=at
    )
    _stage(uow, TRANSFERS, payload, rec.plan.job_id)


def transfer_completed(uow: UnitOfWork, rec: TransferRecord, new_job_id: uuid.UUID) -> None:
    payload = b.TransferCompleted(
        transfer_id=rec.id,
        job_id=uuid.UUID(rec.plan.job_id),
        new_job_id=new_job_id,
        order_id=rec.order_id,
        units=rec.plan.units,
    )
    _stage(uow, TRANSFERS, payload, rec.plan.job_id)


def transfer_failed(uow: UnitOfWork, rec: TransferRecord, will_retry: bool) -> None:
    payload = b.TransferFailed(
        transfer_id=rec.id,
        job_id=uuid.UUID(rec.plan.job_id),
        reason=rec.reason or "",
        will_retry=will_retry,
    )
    _stage(uow, TRANSFERS, payload, rec.plan.job_id)

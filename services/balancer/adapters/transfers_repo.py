"""Transfers (the saga's state) stored with what is needed to rebuild the domain object."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters.tables import OPEN_TRANSFER_STATES, transfers
from services.balancer.domain import PlannedTransfer, Transfer, TransferState
from services.balancer.domain.rebalance.policy import (
    RULES_OUT_RECEIVER,
    PastTransfer,
    ProposalContext,
    context_of,
)

T = transfers


@dataclass
class TransferRecord:
    transfer: Transfer
    order_id: uuid.UUID
    attempt: int
    reason: str | None = None
    outcome: str | None = None
    new_job_id: uuid.UUID | None = None

    @property
    def id(self) -> uuid.UUID:
        return uuid.UUID(self.transfer.transfer_id)

    @property
    def plan(self) -> PlannedTransfer:
        return self.transfer.plan


async def add(s: AsyncSession, rec: TransferRecord) -> None:
    p = rec.plan
    await s.execute(
        sa.insert(T).values(
            id=rec.id,
            job_id=uuid.UUID(p.job_id),
            order_id=rec.order_id,
            from_provider_id=uuid.UUID(p.from_provider),
            to_provider_id=uuid.UUID(p.to_provider),
            category=p.category,
            loan_id=uuid.UUID(p.loan_id) if p.loan_id else None,
            units=p.units,
            schedule=[[d.isoformat(), u] for d, u in p.schedule],
            unit_cost_fen=p.unit_cost_fen,
            state=rec.transfer.state.value,
            attempt=rec.attempt,
            expires_at=rec.transfer.expires_at,
        )
    )


async def get(
    s: AsyncSession, transfer_id: uuid.UUID, *, lock: bool = False
) -> TransferRecord | None:
    query = sa.select(T).where(T.c.id == transfer_id)
    row = (await s.execute(query.with_for_update() if lock else query)).one_or_none()
    return None if row is None else record(row._mapping)


async def save(s: AsyncSession, rec: TransferRecord) -> None:
    await s.execute(
        sa.update(T)
        .where(T.c.id == rec.id)
        .values(
            state=rec.transfer.state.value,
            outcome=rec.outcome,
            reason=rec.reason,
            new_job_id=rec.new_job_id,
            updated_at=sa.func.now(),
        )
    )


async def proposal_context(s: AsyncSession) -> ProposalContext:
    relevant = sa.or_(
        T.c.state.in_(OPEN_TRANSFER_STATES),
        T.c.outcome.in_(sorted(o.value for o in RULES_OUT_RECEIVER)),
    )
    query = sa.select(T.c.job_id, T.c.to_provider_id, T.c.state, T.c.outcome).where(relevant)
    return context_of(
        PastTransfer(
            str(r.job_id), str(r.to_provider_id), r.state in OPEN_TRANSFER_STATES, r.outcome
        )
        for r in await s.execute(query)
    )


async def failures(s: AsyncSession, job_id: uuid.UUID) -> int:
    query = sa.select(sa.func.count()).where(
        T.c.job_id == job_id, T.c.outcome == TransferState.FAILED.value
    )
    return int(await s.scalar(query) or 0)


async def due_for_expiry(s: AsyncSession, now: datetime, limit: int = 100) -> list[uuid.UUID]:
    """Proposals past their expiry, skipping rows another transaction is answering."""
    query = (
        sa.select(T.c.id)
        .where(T.c.state == TransferState.PROPOSED.value, T.c.expires_at <= now)
        .order_by(T.c.expires_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await s.scalars(query)).all())


def record(r: sa.RowMapping) -> TransferRecord:
    plan = PlannedTransfer(
        str(r["job_id"]),
        str(r["from_provider_id"]),
        str(r["to_provider_id"]),
        r["category"],
        str(r["loan_id"]) if r["loan_id"] else None,
        tuple((date.fromisoformat(d), u) for d, u in r["schedule"]),
        r["unit_cost_fen"],
    )
    transfer = Transfer(str(r["id"]), plan, r["expires_at"], TransferState(r["state"]))
    return TransferRecord(
        transfer, r["order_id"], r["attempt"], r["reason"], r["outcome"], r["new_job_id"]
    )

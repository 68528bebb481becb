"""Transfers (the saga's state) stored with what is needed to rebuild the domain object."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters.tables import OPEN_TRANSFER_STATES, transfers
from services.balancer.domain.rebalance.plan import PlannedTransfer
from services.balancer.domain.rebalance.policy import (
    RULES_OUT_RECEIVER,
    PastTransfer,
    ProposalContext,
    context_of,
)
from services.balancer.domain.transfers.transfer import Transfer, TransferState

T = transfers


class TransferRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, transfer: Transfer) -> bool:
        """False (and nothing stored) when its job already has an open transfer."""
        p = transfer.plan
        insert = sa.insert(T).values(
            id=transfer.transfer_id,
            job_id=p.job_id,
            order_id=transfer.order_id,
            from_provider_id=p.from_provider,
            to_provider_id=p.to_provider,
            category=p.category,
            loan_id=p.loan_id,
            units=p.units,
            schedule=[[d.isoformat(), u] for d, u in p.schedule],
            unit_cost_fen=p.unit_cost_fen,
            state=transfer.state.value,
            attempt=transfer.attempt,
            expires_at=transfer.expires_at,
        )
        try:
            async with self.s.begin_nested():  # the unique open-per-job index decides
                await self.s.execute(insert)
        except IntegrityError:
            return False
        return True

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> Transfer | None:
        query = sa.select(T).where(T.c.id == transfer_id)
        row = (await self.s.execute(query.with_for_update() if lock else query)).one_or_none()
        return None if row is None else _transfer(row._mapping)

    async def open_for(self, job_id: UUID) -> Transfer | None:
        """The job's transfer in flight (there is at most one), locked."""
        query = sa.select(T).where(T.c.job_id == job_id, T.c.state.in_(OPEN_TRANSFER_STATES))
        row = (await self.s.execute(query.with_for_update())).one_or_none()
        return None if row is None else _transfer(row._mapping)

    async def completed_into(self, job_id: UUID) -> Transfer | None:
        """The completed transfer whose split made the job, if any."""
        query = sa.select(T).where(
            T.c.new_job_id == job_id, T.c.state == TransferState.COMPLETED.value
        )
        row = (await self.s.execute(query)).one_or_none()
        return None if row is None else _transfer(row._mapping)

    async def save(self, transfer: Transfer) -> None:
        await self.s.execute(
            sa.update(T)
            .where(T.c.id == transfer.transfer_id)
            .values(
                state=transfer.state.value,
                outcome=transfer.outcome.value if transfer.outcome else None,
                reason=transfer.reason,
                new_job_id=transfer.new_job_id,
                updated_at=sa.func.now(),
            )
        )

    async def proposal_context(self) -> ProposalContext:
        relevant = sa.or_(
            T.c.state.in_(OPEN_TRANSFER_STATES),
            T.c.outcome.in_(sorted(o.value for o in RULES_OUT_RECEIVER)),
        )
        query = sa.select(T.c.id, T.c.job_id, T.c.to_provider_id, T.c.state, T.c.outcome)
        return context_of(
            PastTransfer(
                r.id,
                r.job_id,
                r.to_provider_id,
                TransferState(r.state),
                TransferState(r.outcome) if r.outcome else None,
            )
            for r in await self.s.execute(query.where(relevant))
        )

    async def failures(self, job_id: UUID) -> int:
        """How often matching refused to split the job."""
        query = sa.select(sa.func.count()).where(
            T.c.job_id == job_id, T.c.outcome == TransferState.FAILED.value
        )
        return int(await self.s.scalar(query) or 0)

    async def due_for_expiry(self, now: datetime, limit: int = 100) -> list[Transfer]:
        """Proposals past their expiry, locked, skipping rows another transaction is answering."""
        query = (
            sa.select(T)
            .where(T.c.state == TransferState.PROPOSED.value, T.c.expires_at <= now)
            .order_by(T.c.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_transfer(r._mapping) for r in await self.s.execute(query)]


def _transfer(r: sa.RowMapping) -> Transfer:
    plan = PlannedTransfer(
        r["job_id"],
        r["from_provider_id"],
        r["to_provider_id"],
        r["category"],
        r["loan_id"],
        tuple((date.fromisoformat(d), u) for d, u in r["schedule"]),
        r["unit_cost_fen"],
    )
    return Transfer(
        r["id"],
        plan,
        r["expires_at"],
        TransferState(r["state"]),
        order_id=r["order_id"],
        attempt=r["attempt"],
        outcome=TransferState(r["outcome"]) if r["outcome"] else None,
        reason=r["reason"],
        new_job_id=r["new_job_id"],
    )

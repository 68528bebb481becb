"""Receivables and the payments on them."""

from __future__ import annotations

import dataclasses
from datetime import date
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.settlement.adapters.tables import RECEIVABLE_EARNED, payments, receivables
from services.settlement.domain.fees.receivable import Receivable, ReceivableState
from services.settlement.domain.fees.statement import Payment
from services.settlement.domain.impact.reach import EarnedFee

R = receivables
FIELDS = [f.name for f in dataclasses.fields(Receivable)]


class ReceivableRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, r: Receivable) -> None:
        values = {f: getattr(r, f) for f in FIELDS} | {"state": r.state.value}
        await self.s.execute(insert(R).values(**values).on_conflict_do_nothing())

    async def units_for_job(self, job_id: UUID) -> int:
        """Good units already receivable for a job (every delivery or inspection of it)."""
        total = await self.s.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(R.c.good_units), 0)).where(R.c.job_id == job_id)
        )
        return int(total or 0)

    async def of_job(self, job_id: UUID) -> list[Receivable]:
        """A job's receivables, locked: an inspection may take units back from them."""
        query = sa.select(R).where(R.c.job_id == job_id).with_for_update()
        return [_receivable(r) for r in await self.s.execute(query)]

    async def save_taken_back(self, r: Receivable) -> None:
        await self.s.execute(
            sa.update(R)
            .where(R.c.delivery_id == r.delivery_id)
            .values(
                good_units=r.good_units,
                defective_units=r.defective_units,
                taken_back_units=r.taken_back_units,
                reclaimed_fen=r.reclaimed_fen,
                overpaid_fen=r.overpaid_fen,
                freight_subsidy_fen=r.freight_subsidy_fen,
                state=r.state.value,
            )
        )

    async def get(self, delivery_id: UUID, *, lock: bool = False) -> Receivable | None:
        query = sa.select(R).where(R.c.delivery_id == delivery_id)
        row = (await self.s.execute(query.with_for_update() if lock else query)).first()
        return None if row is None else _receivable(row)

    async def save_payment(self, r: Receivable, payment: Payment, recorded_by: UUID) -> None:
        await self.s.execute(
            sa.update(R)
            .where(R.c.delivery_id == r.delivery_id)
            .values(paid_fen=r.paid_fen, state=r.state.value)
        )
        await self.s.execute(
            sa.insert(payments).values(
                id=payment.payment_id,
                delivery_id=payment.delivery_id,
                amount_fen=payment.amount_fen,
                paid_on=payment.paid_on,
                recorded_by=recorded_by,
            )
        )

    async def query(
        self,
        *,
        provider_id: UUID | None = None,
        office_id: UUID | None = None,
        county: str | None = None,
        due_before: date | None = None,
    ) -> list[Receivable]:
        q = sa.select(R).order_by(R.c.due_on, R.c.delivery_id)
        if provider_id is not None:
            q = q.where(R.c.provider_id == provider_id)
        if office_id is not None:
            q = q.where(R.c.office_id == office_id)
        if county is not None:
            q = q.where(R.c.county == county)
        if due_before is not None:
            q = q.where(R.c.due_on < due_before)
        return [_receivable(r) for r in await self.s.execute(q)]

    async def earned(self, start: date, end: date) -> list[EarnedFee]:
        """Fees of the deliveries in [start, end), per delivery."""
        q = sa.select(R.c.provider_id, R.c.due_on, RECEIVABLE_EARNED).where(
            R.c.due_on >= start, R.c.due_on < end
        )
        return [EarnedFee(p, d, int(f)) for p, d, f in await self.s.execute(q)]

    async def payments(self, *, provider_id: UUID) -> list[Payment]:
        q = (
            sa.select(payments)
            .join(R, R.c.delivery_id == payments.c.delivery_id)
            .where(R.c.provider_id == provider_id)
            .order_by(payments.c.paid_on)
        )
        return [
            Payment(p.id, p.delivery_id, p.amount_fen, p.paid_on) for p in await self.s.execute(q)
        ]


def _receivable(row: sa.Row[tuple[object, ...]]) -> Receivable:
    m = row._mapping
    return Receivable(
        **{f: m[f] for f in FIELDS if f != "state"}, state=ReceivableState(m["state"])
    )

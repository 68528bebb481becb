"""Capacity loans with their reservations per transfer, and receivers' opt-ins."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters.tables import (
    OPEN_TRANSFER_STATES,
    loan_reservations,
    loans,
    receiver_opt_ins,
    transfers,
)
from services.balancer.domain.loans.loan import CapacityLoan, LoanState
from services.balancer.domain.loans.slots import ReceiverOptIn

R = loan_reservations
Reservations = dict[UUID, dict[UUID, dict[date, int]]]  # loan -> transfer -> day -> units


class LoanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, loan: CapacityLoan) -> None:
        await self.s.execute(
            sa.insert(loans).values(
                id=loan.loan_id,
                provider_id=loan.provider_id,
                category=loan.category,
                start=loan.start,
                end=loan.end,
                units_per_day=loan.units_per_day,
                state=loan.state.value,
            )
        )

    async def get(
        self, loan_id: UUID, *, lock: bool = False, live_only: bool = False
    ) -> CapacityLoan | None:
        """With its reservations; `live_only` keeps those of transfers still in flight."""
        query = sa.select(loans).where(loans.c.id == loan_id)
        row = (await self.s.execute(query.with_for_update() if lock else query)).one_or_none()
        if row is None:
            return None
        return _loan(row._mapping, await self._reservations([loan_id], live_only))

    async def offered(self, *, lock: bool = False) -> list[CapacityLoan]:
        """Every loan still offered, locked against withdrawal while a rebalance plans with it."""
        query = (
            sa.select(loans).where(loans.c.state == LoanState.OFFERED.value).order_by(loans.c.id)
        )
        rows = (await self.s.execute(query.with_for_update() if lock else query)).all()
        held = await self._reservations([r.id for r in rows], live_only=False)
        return [_loan(r._mapping, held) for r in rows]

    async def offered_by(self, provider_id: UUID, category: str) -> list[CapacityLoan]:
        """One lender's live loans in one category (reservations left out)."""
        query = sa.select(loans).where(
            loans.c.provider_id == provider_id,
            loans.c.category == category,
            loans.c.state == LoanState.OFFERED.value,
        )
        return [_loan(r._mapping, {}) for r in await self.s.execute(query)]

    async def save_state(self, loan: CapacityLoan) -> None:
        query = sa.update(loans).where(loans.c.id == loan.loan_id)
        await self.s.execute(query.values(state=loan.state.value))

    async def save_reservation(self, loan: CapacityLoan, transfer_id: UUID) -> None:
        """Stores what `loan.reserve(transfer_id, ...)` holds for the transfer."""
        rows = [
            {"loan_id": loan.loan_id, "transfer_id": transfer_id, "day": d, "units": u}
            for d, u in loan.reservations[transfer_id].items()
        ]
        await self.s.execute(sa.insert(R), rows)

    async def delete_reservation(self, loan: CapacityLoan, transfer_id: UUID) -> None:
        """Forgets a released reservation (`loan.release(transfer_id)`)."""
        await self.s.execute(
            sa.delete(R).where(R.c.loan_id == loan.loan_id, R.c.transfer_id == transfer_id)
        )

    async def _reservations(self, loan_ids: list[UUID], live_only: bool) -> Reservations:
        query = sa.select(R).where(R.c.loan_id.in_(loan_ids))
        if live_only:
            query = query.join(transfers, transfers.c.id == R.c.transfer_id).where(
                transfers.c.state.in_(OPEN_TRANSFER_STATES)
            )
        held: Reservations = {}
        for r in await self.s.execute(query):
            held.setdefault(r.loan_id, {}).setdefault(r.transfer_id, {})[r.day] = r.units
        return held


class OptInRepository:
    """Receivers' opt-ins: an opted-in provider's spare is lendable while it is active."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, opt_in_id: UUID, opt_in: ReceiverOptIn) -> None:
        values = {
            "id": opt_in_id,
            "provider_id": opt_in.provider_id,
            "category": opt_in.category,
            "start": opt_in.start,
            "end": opt_in.end,
            "active": True,
        }
        await self.s.execute(sa.insert(receiver_opt_ins).values(**values))

    async def deactivate(self, opt_in_id: UUID, provider_id: UUID) -> bool:
        """False when the provider has no such opt-in."""
        o = receiver_opt_ins
        done = await self.s.execute(
            sa.update(o)
            .where(o.c.id == opt_in_id, o.c.provider_id == provider_id)
            .values(active=False)
            .returning(o.c.id)
        )
        return done.one_or_none() is not None

    async def active(self) -> list[ReceiverOptIn]:
        o = receiver_opt_ins
        rows = await self.s.execute(sa.select(o).where(o.c.active).order_by(o.c.id))
        return [ReceiverOptIn(r.provider_id, r.category, r.start, r.end) for r in rows]


def _loan(r: sa.RowMapping, held: Mapping[UUID, dict[UUID, dict[date, int]]]) -> CapacityLoan:
    return CapacityLoan(
        r["id"],
        r["provider_id"],
        r["category"],
        r["start"],
        r["end"],
        r["units_per_day"],
        LoanState(r["state"]),
        reservations=dict(held.get(r["id"], {})),
    )

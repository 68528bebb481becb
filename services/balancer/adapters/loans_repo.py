"""Capacity loans and their per-transfer reservations, as domain CapacityLoan objects."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters.tables import (
    OPEN_TRANSFER_STATES,
    loan_reservations,
    loans,
    transfers,
)
from services.balancer.domain import CapacityLoan, LoanState

R = loan_reservations


async def add(s: AsyncSession, loan: CapacityLoan) -> None:
    await s.execute(
        sa.insert(loans).values(
            id=uuid.UUID(loan.loan_id),
            provider_id=uuid.UUID(loan.provider_id),
            category=loan.category,
            start=loan.start,
            end=loan.end,
            units_per_day=loan.units_per_day,
            state=loan.state.value,
        )
    )


async def get(
    s: AsyncSession, loan_id: uuid.UUID, *, lock: bool = False, live_only: bool = False
) -> CapacityLoan | None:
    """With its reservations; `live_only` keeps those of transfers still in flight."""
    query = sa.select(loans).where(loans.c.id == loan_id)
    row = (await s.execute(query.with_for_update() if lock else query)).one_or_none()
    if row is None:
        return None
    return _loan(row._mapping, await _reservations(s, [loan_id], live_only))


async def offered(s: AsyncSession, *, lock: bool = False) -> list[CapacityLoan]:
    """Every loan still offered, locked against withdrawal while a rebalance plans with it."""
    query = sa.select(loans).where(loans.c.state == LoanState.OFFERED.value).order_by(loans.c.id)
    rows = (await s.execute(query.with_for_update() if lock else query)).all()
    held = await _reservations(s, [r.id for r in rows], live_only=False)
    return [_loan(r._mapping, held) for r in rows]


async def offered_by(s: AsyncSession, provider_id: uuid.UUID, category: str) -> list[CapacityLoan]:
    """One lender's live loans in one category (reservations left out)."""
    query = sa.select(loans).where(
        loans.c.provider_id == provider_id,
        loans.c.category == category,
        loans.c.state == LoanState.OFFERED.value,
    )
    return [_loan(r._mapping, {}) for r in await s.execute(query)]


async def save_state(s: AsyncSession, loan: CapacityLoan) -> None:
    await s.execute(
        sa.update(loans).where(loans.c.id == uuid.UUID(loan.loan_id)).values(state=loan.state.value)
    )


async def reserve(
    s: AsyncSession, loan_id: str, transfer_id: str, schedule: Mapping[date, int]
) -> None:
    rows = [
        {"loan_id": uuid.UUID(loan_id), "transfer_id": uuid.UUID(transfer_id), "day": d, "units": u}
        for d, u in schedule.items()
    ]
    await s.execute(sa.insert(R), rows)


async def release(s: AsyncSession, loan_id: str, transfer_id: str) -> None:
    await s.execute(
        sa.delete(R).where(
            R.c.loan_id == uuid.UUID(loan_id), R.c.transfer_id == uuid.UUID(transfer_id)
        )
    )


async def _reservations(
    s: AsyncSession, loan_ids: list[uuid.UUID], live_only: bool
) -> dict[uuid.UUID, dict[str, dict[date, int]]]:
    query = sa.select(R).where(R.c.loan_id.in_(loan_ids))
    if live_only:
        query = query.join(transfers, transfers.c.id == R.c.transfer_id).where(
            transfers.c.state.in_(OPEN_TRANSFER_STATES)
        )
    held: dict[uuid.UUID, dict[str, dict[date, int]]] = {}
    for r in await s.execute(query):
        held.setdefault(r.loan_id, {}).setdefault(str(r.transfer_id), {})[r.day] = r.units
    return held


def _loan(r: sa.RowMapping, held: Mapping[uuid.UUID, dict[str, dict[date, int]]]) -> CapacityLoan:
    return CapacityLoan(
        str(r["id"]),
        str(r["provider_id"]),
        r["category"],
        r["start"],
        r["end"],
        r["units_per_day"],
        LoanState(r["state"]),
        reservations=dict(held.get(r["id"], {})),
    )

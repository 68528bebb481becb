"""Lots with their ledgers and inspections, as domain objects."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.fulfilment.adapters.tables import (
    accounts,
    consignment_lots,
    consignments,
    inspections,
    lots,
    orders,
    providers,
)
from services.fulfilment.domain.ledger import Account, Ledger
from services.fulfilment.domain.lot import Lot, LotState
from services.fulfilment.domain.reliability import Record
from shared.contracts.fulfilment import Decision, Direction, InspectionRecorded, ReworkRequested


class WaitingLot(NamedTuple):
    job_id: uuid.UUID
    units: int
    market: str
    materials_ready: date | None
    county: str


LOT_FIELDS = (
    "order_id",
    "provider_id",
    "category",
    "units",
    "due",
    "round",
    "round_units",
    "accepted_units",
    "rework_due",
    "delivered_late",
    "reconciled",
)
ACCOUNT_FIELDS = ("unit", "owed", "received", "consumed", "returned", "scrapped")


class LotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, job_id: uuid.UUID, *, lock: bool = False) -> Lot | None:
        query = sa.select(lots).where(lots.c.job_id == job_id)
        row = (await self._s.execute(query.with_for_update() if lock else query)).one_or_none()
        if row is None:
            return None
        return (await self._with_ledgers([_lot(row._mapping)]))[0]

    async def of_order(self, order_id: uuid.UUID, *, lock: bool = False) -> list[Lot]:
        query = sa.select(lots).where(lots.c.order_id == order_id).order_by(lots.c.job_id)
        rows = await self._s.execute(query.with_for_update() if lock else query)
        return await self._with_ledgers([_lot(r._mapping) for r in rows])

    async def listed(
        self,
        *,
        provider_id: uuid.UUID | None = None,
        office_id: uuid.UUID | None = None,
        order_id: uuid.UUID | None = None,
        limit: int = 200,
    ) -> list[Lot]:
        query = sa.select(lots).order_by(lots.c.updated_at.desc()).limit(limit)
        if provider_id:
            query = query.where(lots.c.provider_id == provider_id)
        if order_id:
            query = query.where(lots.c.order_id == order_id)
        if office_id:
            mine = sa.select(orders.c.id).where(orders.c.office_id == office_id)
            query = query.where(lots.c.order_id.in_(mine))
        return await self._with_ledgers([_lot(r._mapping) for r in await self._s.execute(query)])

    async def record(self, provider_id: uuid.UUID | None) -> Record:
        """First inspections of lots (one provider's, or everyone's): late and rejected."""
        i = inspections.c
        query = (
            sa.select(
                sa.func.count(),
                sa.func.count().filter(i.late),
                sa.func.count().filter(i.decision == Decision.REJECT_FOR_REWORK.value),
            )
            .select_from(inspections.join(lots, lots.c.job_id == i.job_id))
            .where(i.round == 1)
        )
        if provider_id is not None:
            query = query.where(lots.c.provider_id == provider_id)
        return Record(*(int(n) for n in (await self._s.execute(query)).one()))

    async def locate(self, provider_id: uuid.UUID, county: str) -> None:
        stmt = insert(providers).values(id=provider_id, county=county)
        await self._s.execute(
            stmt.on_conflict_do_update(index_elements=["id"], set_={"county": county})
        )

    async def awaiting_materials(self, office_id: uuid.UUID | None) -> list[WaitingLot]:
        """Open lots owed materials that no consignment out has served yet, with where and
        when they ship (a lot of an order without supplied materials has nothing to ship)."""
        owes = sa.exists().where(accounts.c.job_id == lots.c.job_id, accounts.c.owed > 0)
        served = (
            sa.select(consignment_lots.c.job_id)
            .join(consignments, consignments.c.id == consignment_lots.c.consignment_id)
            .where(consignments.c.direction == Direction.OUT.value)
        )
        query = (
            sa.select(
                lots.c.job_id,
                lots.c.units,
                orders.c.origin_market,
                orders.c.materials_ready,
                providers.c.county,
            )
            .join(orders, orders.c.id == lots.c.order_id)
            .join(providers, providers.c.id == lots.c.provider_id)
            .where(lots.c.state == LotState.OPEN.value, lots.c.units > 0)
            .where(lots.c.job_id.not_in(served), orders.c.cancelled.is_(False), owes)
        )
        if office_id is not None:
            query = query.where(orders.c.office_id == office_id)
        return [WaitingLot(*r) for r in await self._s.execute(query)]

    async def add(self, lot: Lot) -> bool:
        """Keep a new lot; False if it was known already (a redelivery)."""
        values = {f: getattr(lot, f) for f in LOT_FIELDS}
        result = await self._s.execute(
            insert(lots)
            .values(job_id=lot.job_id, state=lot.state.value, **values)
            .on_conflict_do_nothing()
        )
        if result.rowcount:  # type: ignore[attr-defined]
            await self._save_ledger(lot)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def save(self, lot: Lot) -> None:
        values = {f: getattr(lot, f) for f in LOT_FIELDS}
        await self._s.execute(
            sa.update(lots)
            .where(lots.c.job_id == lot.job_id)
            .values(state=lot.state.value, updated_at=sa.func.now(), **values)
        )
        await self._save_ledger(lot)
        for event in lot.events:
            if isinstance(event, InspectionRecorded):
                await self._add_inspection(event, lot)

    async def inspections(self, job_id: uuid.UUID) -> list[dict[str, Any]]:
        rows = await self._s.execute(
            sa.select(inspections).where(inspections.c.job_id == job_id).order_by("round")
        )
        return [dict(r._mapping) for r in rows]

    async def _add_inspection(self, e: InspectionRecorded, lot: Lot) -> None:
        rework = next(
            (r for r in lot.events if isinstance(r, ReworkRequested) and r.job_id == e.job_id),
            None,
        )
        await self._s.execute(
            insert(inspections)
            .values(
                id=e.inspection_id,
                job_id=e.job_id,
                round=e.round,
                inspected=e.inspected,
                defective=e.defective,
                decision=e.decision.value,
                deduction_fen=e.deduction_fen,
                reason=e.reason,
                within_tolerance=e.within_tolerance,
                rework_units=e.rework_units,
                rework_due=rework.due if rework else None,
                inspected_on=e.inspected_on,
                late=e.late,
            )
            .on_conflict_do_nothing()
        )

    async def _save_ledger(self, lot: Lot) -> None:
        rows = [
            {"job_id": lot.job_id, "item": a.item, "held": a.held}
            | {f: getattr(a, f) for f in ACCOUNT_FIELDS}
            for a in lot.ledger.accounts.values()
        ]
        if rows:
            stmt = insert(accounts).values(rows)
            await self._s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["job_id", "item"],
                    set_={f: stmt.excluded[f] for f in (*ACCOUNT_FIELDS, "held")},
                )
            )

    async def _with_ledgers(self, found: list[Lot]) -> list[Lot]:
        if not found:
            return found
        by_job = {lot.job_id: lot for lot in found}
        rows = await self._s.execute(sa.select(accounts).where(accounts.c.job_id.in_(by_job)))
        books: dict[uuid.UUID, dict[str, Account]] = {}
        for r in rows:
            m = r._mapping
            books.setdefault(m["job_id"], {})[m["item"]] = Account(
                m["item"], *(m[f] for f in ACCOUNT_FIELDS)
            )
        for job_id, lot in by_job.items():
            lot.ledger = Ledger(books.get(job_id, {}))
        return found


def _lot(r: Any) -> Lot:
    return Lot(
        job_id=r["job_id"],
        state=LotState(r["state"]),
        **{f: r[f] for f in LOT_FIELDS},
    )

"""Consignments with their lines and per-lot receipts, as domain objects."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.fulfilment.adapters.tables import consignment_lines, consignment_lots, consignments
from services.fulfilment.domain.consignment import Consignment, ConsignmentState
from shared.contracts.fulfilment import CountedLine, Direction, ShippedLine


class ConsignmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, c: Consignment) -> None:
        await self._s.execute(
            sa.insert(consignments).values(
                id=c.consignment_id,
                office_id=c.office_id,
                direction=c.direction.value,
                carrier=c.carrier,
                shipped_on=c.shipped_on,
                state=c.state.value,
                orders={str(j): str(o) for j, o in c.orders.items()},
                units={str(j): u for j, u in c.units.items()},
            )
        )
        await self._s.execute(
            sa.insert(consignment_lots),
            [{"consignment_id": c.consignment_id, "job_id": j} for j in c.orders],
        )
        if c.lines:
            await self._s.execute(
                sa.insert(consignment_lines),
                [{"consignment_id": c.consignment_id, **line.model_dump()} for line in c.lines],
            )

    async def save_receipt(self, c: Consignment, job_id: uuid.UUID) -> None:
        await self._s.execute(
            sa.update(consignments)
            .where(consignments.c.id == c.consignment_id)
            .values(state=c.state.value)
        )
        lots_c, lines_c = consignment_lots.c, consignment_lines.c
        await self._s.execute(
            sa.update(consignment_lots)
            .where(lots_c.consignment_id == c.consignment_id, lots_c.job_id == job_id)
            .values(received_on=c.received_on[job_id])
        )
        for line in c.counted[job_id]:
            await self._s.execute(
                sa.update(consignment_lines)
                .where(
                    lines_c.consignment_id == c.consignment_id,
                    lines_c.job_id == job_id,
                    lines_c.item == line.item,
                )
                .values(counted=line.counted, received_on=c.received_on[job_id])
            )

    async def get(self, consignment_id: uuid.UUID, *, lock: bool = False) -> Consignment | None:
        query = sa.select(consignments).where(consignments.c.id == consignment_id)
        row = (await self._s.execute(query.with_for_update() if lock else query)).one_or_none()
        return None if row is None else (await self._complete([row._mapping]))[0]

    async def of_lot(self, job_id: uuid.UUID) -> list[Consignment]:
        mine = sa.select(consignment_lots.c.consignment_id).where(
            consignment_lots.c.job_id == job_id
        )
        rows = await self._s.execute(
            sa.select(consignments)
            .where(consignments.c.id.in_(mine))
            .order_by(consignments.c.created_at)
        )
        return await self._complete([r._mapping for r in rows])

    async def of_office(self, office_id: uuid.UUID | None, limit: int) -> list[Consignment]:
        query = sa.select(consignments).order_by(consignments.c.created_at.desc()).limit(limit)
        if office_id is not None:
            query = query.where(consignments.c.office_id == office_id)
        return await self._complete([r._mapping for r in await self._s.execute(query)])

    async def _complete(self, heads: list[Any]) -> list[Consignment]:
        if not heads:
            return []
        ids = [h["id"] for h in heads]
        lines = await self._s.execute(
            sa.select(consignment_lines)
            .where(consignment_lines.c.consignment_id.in_(ids))
            .order_by(consignment_lines.c.job_id, consignment_lines.c.item)
        )
        received = await self._s.execute(
            sa.select(consignment_lots).where(consignment_lots.c.consignment_id.in_(ids))
        )
        by_id: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for r in lines:
            by_id[r.consignment_id].append(r._mapping)
        on: dict[uuid.UUID, dict[uuid.UUID, Any]] = defaultdict(dict)
        for r in received:
            if r.received_on is not None:
                on[r.consignment_id][r.job_id] = r.received_on
        return [_consignment(h, by_id[h["id"]], on[h["id"]]) for h in heads]


def _consignment(h: Any, rows: list[Any], received_on: dict[uuid.UUID, Any]) -> Consignment:
    lines = tuple(
        ShippedLine(job_id=r["job_id"], item=r["item"], unit=r["unit"], quantity=r["quantity"])
        for r in rows
    )
    counted: dict[uuid.UUID, list[CountedLine]] = defaultdict(list)
    for r in rows:
        if r["job_id"] in received_on:
            got = r["counted"] if r["counted"] is not None else Decimal(0)
            counted[r["job_id"]].append(
                CountedLine(
                    job_id=r["job_id"],
                    item=r["item"],
                    unit=r["unit"],
                    quantity=r["quantity"],
                    counted=got,
                    difference=got - r["quantity"],
                )
            )
    return Consignment(
        consignment_id=h["id"],
        office_id=h["office_id"],
        direction=Direction(h["direction"]),
        carrier=h["carrier"],
        shipped_on=h["shipped_on"],
        lines=lines,
        orders={uuid.UUID(j): uuid.UUID(o) for j, o in h["orders"].items()},
        units={uuid.UUID(j): u for j, u in h["units"].items()},
        state=ConsignmentState(h["state"]),
        counted={j: tuple(ls) for j, ls in counted.items()}
        | {j: () for j in received_on if j not in counted},
        received_on=dict(received_on),
    )

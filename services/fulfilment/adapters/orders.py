"""Fulfilment's copies of orders, as domain objects."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.fulfilment.adapters.tables import orders
from services.fulfilment.domain.order import OrderMaterials
from services.fulfilment.domain.shares import MaterialLine


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, order_id: uuid.UUID, *, lock: bool = False) -> OrderMaterials | None:
        query = sa.select(orders).where(orders.c.id == order_id)
        row = (await self._s.execute(query.with_for_update() if lock else query)).one_or_none()
        return None if row is None else _order(row._mapping)

    async def add(self, o: OrderMaterials) -> bool:
        """Keep a new order; False if it was known already (a redelivery)."""
        result = await self._s.execute(
            insert(orders).values(id=o.order_id, **_values(o)).on_conflict_do_nothing()
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def save(self, o: OrderMaterials) -> None:
        await self._s.execute(sa.update(orders).where(orders.c.id == o.order_id).values(_values(o)))


def _values(o: OrderMaterials) -> dict[str, Any]:
    return {
        "office_id": o.office_id,
        "category": o.category,
        "quantity": o.quantity,
        "basis_units": o.basis_units,
        "materials": [
            {"item": m.item, "unit": m.unit, "quantity": str(m.quantity)} for m in o.materials
        ],
        "defect_tolerance_pct": o.defect_tolerance_pct,
        "origin_market": o.origin_market,
        "deadline": o.deadline,
        "materials_ready": o.materials_ready,
        "sequence": o.sequence,
        "cancelled": o.cancelled,
    }


def _order(r: Any) -> OrderMaterials:
    return OrderMaterials(
        order_id=r["id"],
        office_id=r["office_id"],
        category=r["category"],
        quantity=r["quantity"],
        basis_units=r["basis_units"],
        materials=tuple(
            MaterialLine(m["item"], m["unit"], Decimal(m["quantity"]), r["basis_units"])
            for m in r["materials"]
        ),
        defect_tolerance_pct=r["defect_tolerance_pct"],
        origin_market=r["origin_market"],
        deadline=r["deadline"],
        materials_ready=r["materials_ready"],
        sequence=r["sequence"],
        cancelled=r["cancelled"],
    )

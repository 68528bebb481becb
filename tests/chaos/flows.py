"""What the checks do to the services, and what they read back from PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.contracts.orders import OrderSubmitted
from shared.kafka.topics import ORDERS
from tests.chaos.kafka import publish_all
from tests.integration.intake.conftest import Office, new_office, order_body
from tests.integration.matching.conftest import broker, order, register, soon
from tests.support.ledger_check import ledger_mismatches

__all__ = [
    "Office",
    "broker",
    "ledger_mismatches",
    "new_office",
    "order_body",
    "register",
    "soon",
]


async def submit_burst(bootstrap: str, n: int, category: str, quantity: int) -> list[uuid.UUID]:
    """``n`` OrderSubmitted events straight onto intake.orders, as intake would send them."""
    orders: list[OrderSubmitted] = [
        order(category=category, quantity=quantity, min_lot=quantity) for _ in range(n)
    ]
    await publish_all(bootstrap, ORDERS, [(str(o.order_id), o) for o in orders])
    return [o.order_id for o in orders]


async def scalar(db: AsyncEngine, sql: str, **params: Any) -> Any:
    async with db.connect() as conn:
        return await conn.scalar(sa.text(sql), params)


async def rows(db: AsyncEngine, sql: str, **params: Any) -> list[sa.Row]:
    async with db.connect() as conn:
        return list((await conn.execute(sa.text(sql), params)).all())


async def matching_orders(db: AsyncEngine, ids: Iterable[uuid.UUID]) -> int:
    sql = "SELECT count(*) FROM matching.orders WHERE id = ANY(:ids)"
    return int(await scalar(db, sql, ids=list(ids)))


async def offered_units(db: AsyncEngine, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Units in live offers (open or accepted) per order."""
    sql = (
        "SELECT order_id, sum(units) FROM matching.offers WHERE order_id = ANY(:ids)"
        " AND status IN ('open', 'accepted') GROUP BY order_id"
    )
    return {r[0]: int(r[1]) for r in await rows(db, sql, ids=list(ids))}


def units_by_order(events: list[dict[str, Any]], kind: str) -> dict[uuid.UUID, int]:
    """Sum of ``units`` per order over the events of one type."""
    out: dict[uuid.UUID, int] = {}
    for e in events:
        if e["type"] == kind:
            oid = uuid.UUID(e["payload"]["order_id"])
            out[oid] = out.get(oid, 0) + int(e["payload"]["units"])
    return out


async def accept(http: httpx.AsyncClient, offer: dict[str, Any]) -> int:
    r = await http.post(
        f"/v1/offers/{offer['id']}/accept", headers=broker(uuid.UUID(offer["provider_id"]))
    )
    return r.status_code

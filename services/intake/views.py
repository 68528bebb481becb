"""Read side: what an office sees of its orders, with keyset pagination."""

from __future__ import annotations

import base64
import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters import repository
from services.intake.adapters.tables import orders
from services.intake.domain.order import Order
from services.intake.schemas import OrderPage, OrderPublic, OrderSummary
from shared.identity import Principal
from shared.service.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None
    client_id: uuid.UUID | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None


async def order_detail(session: AsyncSession, who: Principal, order_id: uuid.UUID) -> OrderPublic:
    order = await repository.get(session, order_id)
    if order is None or not who.owns(order.office_id):
        raise NotFound("order not found")
    return public(order)


async def order_page(
    session: AsyncSession, who: Principal, flt: OrderFilter, cursor: str | None, limit: int
) -> OrderPage:
    query = (
        sa.select(orders).order_by(orders.c.created_at.desc(), orders.c.id.desc()).limit(limit + 1)
    )
    if not who.is_admin:
        query = query.where(orders.c.office_id == who.org_id)
    for condition in _conditions(flt):
        query = query.where(condition)
    if cursor:
        created_at, last_id = decode_cursor(cursor)
        query = query.where(sa.tuple_(orders.c.created_at, orders.c.id) < (created_at, last_id))
    rows = (await session.execute(query)).all()
    items = [_summary(r._mapping) for r in rows[:limit]]
    more = len(rows) > limit
    return OrderPage(items=items, next_cursor=encode_cursor(items[-1]) if more else None)


def _conditions(flt: OrderFilter) -> list[sa.ColumnElement[bool]]:
    out = []
    if flt.status:
        out.append(orders.c.status == flt.status)
    if flt.client_id:
        out.append(orders.c.client_id == flt.client_id)
    if flt.deadline_from:
        out.append(orders.c.deadline >= flt.deadline_from)
    if flt.deadline_to:
        out.append(orders.c.deadline <= flt.deadline_to)
    return out


def encode_cursor(last: OrderSummary) -> str:
    raw = orjson.dumps([last.created_at.isoformat(), str(last.id)])
    return base64.urlsafe_b64encode(raw).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        created_at, last_id = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), uuid.UUID(last_id)
    except Exception as exc:
        raise InvalidInput("not a cursor this API issued", field="query.cursor") from exc


def _fee(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def _summary(r: sa.RowMapping) -> OrderSummary:
    return OrderSummary(
        id=r["id"],
        office_id=r["office_id"],
        client_id=r["client_id"],
        category=r["category"],
        quantity=r["quantity"],
        unit_fee_cny=_fee(r["unit_fee_fen"]),
        materials_ready=r["materials_ready"],
        deadline=r["deadline"],
        origin_market=r["origin_market"],
        status=r["status"],
        created_at=r["created_at"],
    )


def public(o: Order) -> OrderPublic:
    t = o.terms
    return OrderPublic(
        id=o.id,
        office_id=o.office_id,
        client_id=t.client_id,
        category=t.category,
        quantity=t.quantity,
        unit_fee_cny=_fee(t.unit_fee_fen),
        materials_ready=t.materials_ready,
        deadline=t.deadline,
        origin_market=t.origin_market,
        status=o.status.value,
        created_at=o.created_at,
        description=t.description,
        splittable=t.splittable,
        min_lot=t.min_lot,
        quality_requirements=t.quality_requirements,
        defect_tolerance_pct=t.defect_tolerance_pct,
        materials=[m.model_dump() for m in t.materials],
        placed_units=o.placed_units,
        placements=[asdict(p) for p in o.placements.values()],
        history=[asdict(h) for h in o.history],
    )

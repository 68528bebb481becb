"""What an office sees of its orders (shaping only), with keyset pagination cursors."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from decimal import Decimal

import orjson

from services.intake.adapters.orders import OrderRow
from services.intake.domain.order import Order
from services.intake.schemas import OrderPage, OrderPublic, OrderSummary
from shared.service.errors import InvalidInput


def order_page(rows: list[OrderRow], limit: int) -> OrderPage:
    """``rows``: up to ``limit + 1`` of them; one more than asked means there is a next page."""
    items = [_summary(r) for r in rows[:limit]]
    more = len(rows) > limit
    return OrderPage(items=items, next_cursor=encode_cursor(items[-1]) if more else None)


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


def _summary(r: OrderRow) -> OrderSummary:
    return OrderSummary(
        id=r.id,
        office_id=r.office_id,
        client_id=r.client_id,
        category=r.category,
        quantity=r.quantity,
        unit_fee_cny=_fee(r.unit_fee_fen),
        materials_ready=r.materials_ready,
        deadline=r.deadline,
        origin_market=r.origin_market,
        status=r.status,
        created_at=r.created_at,
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
        # vars, not asdict: asdict deep-copies every value, which the model then copies again
        placements=[vars(p) for p in o.placements.values()],
        history=[vars(h) for h in o.history],
    )

"""Load and save orders (with placements and history) inside a unit of work."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters.tables import order_facts, order_history, orders, placements
from services.intake.domain.facts import Fact
from services.intake.domain.order import HistoryEntry, Order, OrderTerms
from services.intake.domain.placements import LotState, Placement
from services.intake.domain.status import OrderStatus
from shared.contracts.orders import SuppliedMaterial
from shared.events import registry

TERM_COLUMNS = (
    "client_id",
    "category",
    "description",
    "quantity",
    "unit_fee_fen",
    "materials_ready",
    "deadline",
    "origin_market",
    "splittable",
    "min_lot",
    "quality_requirements",
    "defect_tolerance_pct",
)


class ConcurrentUpdate(Exception):
    """Someone changed the order between our read and our write; retry."""


async def get(session: AsyncSession, order_id: uuid.UUID, *, lock: bool = False) -> Order | None:
    query = sa.select(orders).where(orders.c.id == order_id)
    row = (await session.execute(query.with_for_update() if lock else query)).one_or_none()
    if row is None:
        return None
    order = _order_from_row(row._mapping)
    lots = await session.execute(sa.select(placements).where(placements.c.order_id == order_id))
    order.placements = {r.offer_id: _placement(r._mapping) for r in lots}
    hist = await session.execute(
        sa.select(order_history)
        .where(order_history.c.order_id == order_id)
        .order_by(order_history.c.id)
    )
    order.history = [_history(r._mapping) for r in hist]
    return order


async def add(session: AsyncSession, order: Order) -> None:
    t = order.terms
    values = {c: getattr(t, c) for c in TERM_COLUMNS}
    await session.execute(
        sa.insert(orders).values(
            id=order.id,
            office_id=order.office_id,
            status=order.status.value,
            version=1,
            created_at=order.created_at,
            materials=[m.model_dump(mode="json") for m in t.materials],
            **values,
        )
    )
    order.version = 1
    await _save_children(session, order)


async def save(session: AsyncSession, order: Order) -> None:
    result = await session.execute(
        sa.update(orders)
        .where(orders.c.id == order.id, orders.c.version == order.version)
        .values(
            status=order.status.value,
            quantity=order.terms.quantity,
            deadline=order.terms.deadline,
            version=order.version + 1,
            updated_at=sa.func.now(),
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConcurrentUpdate(str(order.id))
    order.version += 1
    await _save_children(session, order)


async def record_fact(session: AsyncSession, order_id: uuid.UUID, fact: Fact) -> bool:
    """Keep ``fact``; True when a fact that happened after it was recorded already."""
    f = order_facts.c
    keep = (
        insert(order_facts)
        .values(
            order_id=order_id,
            occurred_at=fact.occurred_at,
            rank=fact.rank,
            event_id=fact.event_id,
            event_type=fact.payload.event_type,
            event_version=fact.payload.event_version,
            payload=fact.payload.model_dump(mode="json"),
        )
        .on_conflict_do_nothing()
        .cte("keep")
    )
    later = sa.tuple_(f.occurred_at, f.rank, f.event_id) > sa.tuple_(
        sa.literal(fact.occurred_at), sa.literal(fact.rank), sa.literal(fact.event_id)
    )
    query = sa.select(sa.exists().where(f.order_id == order_id, later)).add_cte(keep)
    return bool((await session.execute(query)).scalar_one())


async def facts_of(session: AsyncSession, order_id: uuid.UUID) -> list[Fact]:
    rows = await session.execute(sa.select(order_facts).where(order_facts.c.order_id == order_id))
    return [
        Fact(
            r.event_id,
            r.occurred_at,
            registry.model_for(r.event_type, r.event_version).model_validate(r.payload),
        )
        for r in rows
    ]


async def _save_children(session: AsyncSession, order: Order) -> None:
    if order.new_history:
        await session.execute(
            sa.insert(order_history),
            [_history_row(order.id, h) for h in order.new_history],
        )
        order.new_history.clear()
    if order.placements:
        stmt = insert(placements).values(
            [_placement_row(order.id, p) for p in order.placements.values()]
        )
        updatable = (
            "provider_id",
            "job_id",
            "units",
            "state",
            "units_done",
            "good_units",
            "defective_units",
        )
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=["order_id", "offer_id"],
                set_={c: stmt.excluded[c] for c in updatable},
            )
        )


def _order_from_row(r: Any) -> Order:
    terms = OrderTerms(
        **{c: r[c] for c in TERM_COLUMNS},
        materials=tuple(SuppliedMaterial.model_validate(m) for m in r["materials"]),
    )
    return Order(
        id=r["id"],
        office_id=r["office_id"],
        terms=terms,
        status=OrderStatus(r["status"]),
        created_at=r["created_at"],
        version=r["version"],
    )


def _placement(r: Any) -> Placement:
    return Placement(
        offer_id=r["offer_id"],
        provider_id=r["provider_id"],
        units=r["units"],
        state=LotState(r["state"]),
        job_id=r["job_id"],
        units_done=r["units_done"],
        good_units=r["good_units"],
        defective_units=r["defective_units"],
    )


def _placement_row(order_id: uuid.UUID, p: Placement) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "offer_id": p.offer_id,
        "provider_id": p.provider_id,
        "job_id": p.job_id,
        "units": p.units,
        "state": p.state.value,
        "units_done": p.units_done,
        "good_units": p.good_units,
        "defective_units": p.defective_units,
    }


def _history(r: Any) -> HistoryEntry:
    return HistoryEntry(
        at=r["at"],
        from_status=OrderStatus(r["from_status"]) if r["from_status"] else None,
        to_status=OrderStatus(r["to_status"]),
        reason=r["reason"],
        cause_event_id=r["cause_event_id"],
        cause_type=r["cause_type"],
    )


def _history_row(order_id: uuid.UUID, h: HistoryEntry) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "at": h.at,
        "from_status": h.from_status.value if h.from_status else None,
        "to_status": h.to_status.value,
        "reason": h.reason,
        "cause_event_id": h.cause_event_id,
        "cause_type": h.cause_type,
    }

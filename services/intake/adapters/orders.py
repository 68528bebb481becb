"""Load and save orders (with placements, history and facts) inside a unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters.new_order import KeyClaim, write_new_order
from services.intake.adapters.order_one_trip import load_order, with_children
from services.intake.adapters.order_rows import (
    fact_from_row,
    history_row,
    placement_row,
    upsert_lots,
)
from services.intake.adapters.tables import order_facts, order_history, orders
from services.intake.domain.facts import Fact
from services.intake.domain.open_work import OPEN_STATUSES, OpenWork
from services.intake.domain.order import Order
from services.intake.domain.status import OrderStatus
from shared.audit.records import AuditRecord

# What a unit of work staged for the block's new order to write with it.
Staged = Callable[[], tuple[list[AuditRecord], list[dict[str, Any]]]]


def _nothing_staged() -> tuple[list[AuditRecord], list[dict[str, Any]]]:
    return [], []


class ConcurrentUpdate(Exception):
    """Someone changed the order between our read and our write; retry."""


class OrderRepository:
    """Orders as domain objects, inside one unit of work's session."""

    def __init__(self, session: AsyncSession, staged: Staged | None = None) -> None:
        self._s = session
        # The unit of work's audit records and outbox rows, taken by ``add`` (None: reads only)
        self._staged = staged or _nothing_staged
        # Each loaded order's lots as stored: ``save`` writes only the lots that changed.
        self._stored_lots: dict[uuid.UUID, dict[uuid.UUID, dict[str, Any]]] = {}

    async def get(self, order_id: uuid.UUID) -> Order | None:
        return await load_order(self._s, order_id, lock=False, history=True)

    async def get_for_update(self, order_id: uuid.UUID) -> Order | None:
        """The order with its row locked until the unit of work ends."""
        return await load_order(self._s, order_id, lock=True, history=True)

    async def get_for_fact(self, order_id: uuid.UUID) -> Order | None:
        """The order locked, as a fact from matching or fulfilment needs it: its lots and
        fulfilment's facts but not the history it only appends to, in two round trips (the
        lock, then the read; four before session 9: ~3 facts an order made intake's consumer
        its largest cost in ``procnet simulate``)."""
        found = await load_order(self._s, order_id, lock=True, history=False)
        if found is not None:
            self._stored_lots[order_id] = {
                p.offer_id: placement_row(order_id, p) for p in found.placements.values()
            }
        return found

    async def add(self, order: Order, claim: KeyClaim | None = None) -> bool:
        """Write a new order with its history, and what the unit of work staged so far (audit
        records, events), in one statement; with ``claim`` only if its Idempotency-Key is
        free (False, nothing written, when another order holds it)."""
        audit, outbox = self._staged()
        return await write_new_order(self._s, order, audit, outbox, claim)

    async def save(self, order: Order) -> None:
        """Write the order back; refuses (``ConcurrentUpdate``) if its version moved on.
        An order loaded by ``get_for_fact`` goes back in one statement: its new history
        lines and changed lots ride along as CTEs (a refused version rolls them back with
        the unit of work)."""
        update = (
            sa.update(orders)
            .where(orders.c.id == order.id, orders.c.version == order.version)
            .values(
                status=order.status.value,
                quantity=order.terms.quantity,
                deadline=order.terms.deadline,
                sequence=order.sequence,
                version=order.version + 1,
                updated_at=sa.func.now(),
            )
        )
        stored = self._stored_lots.pop(order.id, None)
        if stored is not None:
            update = with_children(update, order, stored)
        result = await self._s.execute(update)
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrentUpdate(str(order.id))
        order.version += 1
        if stored is None:
            await _save_children(self._s, order)
        order.new_history.clear()

    async def record_fact(self, order_id: uuid.UUID, fact: Fact) -> bool:
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
        return bool((await self._s.execute(query)).scalar_one())

    async def facts_of(self, order_id: uuid.UUID) -> list[Fact]:
        rows = await self._s.execute(
            sa.select(order_facts).where(order_facts.c.order_id == order_id)
        )
        return [fact_from_row(r) for r in rows]

    async def page(
        self, flt: OrderFilter, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[OrderRow]:
        """Up to ``limit`` orders newest first, after the (created_at, id) of the last seen."""
        query = (
            sa.select(*(orders.c[c] for c in OrderRow._fields))
            .order_by(orders.c.created_at.desc(), orders.c.id.desc())
            .limit(limit)
        )
        for condition in _conditions(flt):
            query = query.where(condition)
        if after:
            query = query.where(sa.tuple_(orders.c.created_at, orders.c.id) < after)
        return [OrderRow(*r) for r in await self._s.execute(query)]

    async def open_work(
        self,
        today: date,
        category: str | None,
        after: tuple[date, uuid.UUID] | None,
        limit: int,
    ) -> list[tuple[uuid.UUID, OpenWork]]:
        """Orders still open (``OPEN_STATUSES``) due today or later, soonest deadline first,
        after the (deadline, id) of the last seen; the id is only the page's cursor."""
        c = orders.c
        query = (
            sa.select(c.id, c.category, c.quantity, c.origin_market, c.deadline)
            .where(c.status.in_([s.value for s in OPEN_STATUSES]), c.deadline >= today)
            .order_by(c.deadline, c.id)
            .limit(limit)
        )
        if category:
            query = query.where(c.category == category)
        if after:
            query = query.where(sa.tuple_(c.deadline, c.id) > after)
        rows = await self._s.execute(query)
        return [(r.id, OpenWork(r.category, r.quantity, r.origin_market, r.deadline)) for r in rows]


class OrderRow(NamedTuple):
    """What a list of orders shows of each (no lots, no history)."""

    id: uuid.UUID
    office_id: uuid.UUID
    client_id: uuid.UUID
    category: str
    quantity: int
    unit_fee_fen: int
    materials_ready: date
    deadline: date
    origin_market: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class OrderFilter:
    office_id: uuid.UUID | None = None  # None: every office's (an admin)
    status: OrderStatus | None = None
    client_id: uuid.UUID | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None


def _conditions(flt: OrderFilter) -> list[sa.ColumnElement[bool]]:
    out = []
    if flt.office_id:
        out.append(orders.c.office_id == flt.office_id)
    if flt.status:
        out.append(orders.c.status == flt.status.value)
    if flt.client_id:
        out.append(orders.c.client_id == flt.client_id)
    if flt.deadline_from:
        out.append(orders.c.deadline >= flt.deadline_from)
    if flt.deadline_to:
        out.append(orders.c.deadline <= flt.deadline_to)
    return out


async def _save_children(session: AsyncSession, order: Order) -> None:
    if order.new_history:
        await session.execute(
            sa.insert(order_history),
            [history_row(order.id, h) for h in order.new_history],
        )
        order.new_history.clear()
    if order.placements:
        rows = [placement_row(order.id, p) for p in order.placements.values()]
        await session.execute(upsert_lots(rows))

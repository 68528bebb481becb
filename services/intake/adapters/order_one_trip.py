"""An order read in one statement (after one that locks it, for a write), and written back
in one after a fact (the fact consumer's path: ``OrderRepository.get_for_fact`` and the
``save`` after it). The lots, history and fulfilment's facts come back as JSON arrays
beside the order row; the new history lines and changed lots go back as CTEs of the
order's UPDATE."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSON, UUID, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters.order_rows import (
    fact_from_row,
    history_from_row,
    history_row,
    order_from_row,
    placement_from_row,
    placement_row,
    upsert_lots,
)
from services.intake.adapters.tables import order_facts, order_history, orders, placements
from services.intake.domain.facts import FULFILMENT_FACTS, inspection_of
from services.intake.domain.order import Order


async def load_order(
    session: AsyncSession, order_id: uuid.UUID, *, lock: bool, history: bool
) -> Order | None:
    """The order with its lots and fulfilment's facts (and its history, unless a fact only
    appends to it), as one statement: one snapshot. Read as several statements under READ
    COMMITTED, a fact committed between them gave an order still IN_PRODUCTION whose
    history already said "every lot accepted".

    ``lock``: the row is locked first, in a statement of its own. Locked in the same
    statement, a load that waited for another writer's commit got that writer's order row
    (PostgreSQL re-reads the locked row) beside lots and facts from before it (the rest
    of a statement keeps the snapshot it began with): a fact applied to lots just changed
    under it, a cancellation that wrote stale lots back."""
    if lock and not await _locked(session, order_id):
        return None
    f = order_facts.c
    columns: list[Any] = [
        orders,
        _json_rows(placements, placements.c.order_id == orders.c.id).label("_lots"),
        _json_rows(
            order_facts, (f.order_id == orders.c.id) & f.event_type.in_(FULFILMENT_FACTS)
        ).label("_ffacts"),
    ]
    if history:
        lines = order_history.c.order_id == orders.c.id
        columns.append(_json_rows(order_history, lines, order_history.c.id).label("_history"))
    row = (await session.execute(sa.select(*columns).where(orders.c.id == order_id))).first()
    if row is None:
        return None
    order = order_from_row(row._mapping)
    lots = [placement_from_row(_from_json(r, placements)) for r in row._lots]
    order.placements = {p.offer_id: p for p in lots}
    if history:
        order.history = [history_from_row(_from_json(r, order_history)) for r in row._history]
    inspection_of(order, [fact_from_row(_Row(_from_json(r, order_facts))) for r in row._ffacts])
    return order


async def _locked(session: AsyncSession, order_id: uuid.UUID) -> bool:
    """Lock the order's row until the transaction ends (waiting for a writer holding it);
    False if there is no such order. The next statement's snapshot then holds everything
    that writer committed."""
    query = sa.select(orders.c.id).where(orders.c.id == order_id).with_for_update()
    return (await session.execute(query)).first() is not None


def with_children(
    update: sa.Update, order: Order, stored: dict[uuid.UUID, dict[str, Any]]
) -> sa.Update:
    """``update`` with the order's new history lines and changed lots (against ``stored``,
    the lots as loaded) as CTEs."""
    if order.new_history:
        rows = [history_row(order.id, h) for h in order.new_history]
        update = update.add_cte(sa.insert(order_history).values(rows).cte("new_history"))
    changed = [
        row
        for row in (placement_row(order.id, p) for p in order.placements.values())
        if stored.get(row["offer_id"]) != row
    ]
    if changed:
        update = update.add_cte(upsert_lots(changed).cte("changed_lots"))
    return update


def _json_rows(
    table: sa.Table, where: sa.ColumnElement[bool], order_by: sa.ColumnElement[Any] | None = None
) -> sa.ScalarSelect[Any]:
    """The matching rows of ``table`` as one JSON array (a scalar subquery), in
    ``order_by``'s order when given."""
    pairs: list[sa.ColumnElement[Any]] = []
    for c in table.c:  # 'name', value, ... (names are ours: no parameter to type)
        pairs += [sa.literal_column(f"'{c.name}'"), c]
    row = sa.func.json_build_object(*pairs)
    agg = sa.func.json_agg(row if order_by is None else aggregate_order_by(row, order_by))
    empty: sa.ColumnElement[Any] = sa.literal_column("'[]'::json")
    return sa.select(sa.func.coalesce(agg, empty, type_=JSON)).where(where).scalar_subquery()


def _from_json(raw: dict[str, Any], table: sa.Table) -> dict[str, Any]:
    """A row that came back as JSON with its columns' Python types (uuid, timestamps)."""
    out = dict(raw)
    for c in table.c:
        value = out.get(c.name)
        if value is None:
            continue
        if isinstance(c.type, UUID):
            out[c.name] = uuid.UUID(value)
        elif isinstance(c.type, sa.DateTime):
            out[c.name] = datetime.fromisoformat(value)
    return out


class _Row(dict[str, Any]):
    """A dict read like a result row (``r.event_type``), for ``fact_from_row``."""

    def __getattr__(self, name: str) -> Any:
        return self[name]

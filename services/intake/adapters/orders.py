"""Load and save orders (with placements, history and facts) inside a unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSON, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters.new_order import KeyClaim, write_new_order
from services.intake.adapters.tables import order_facts, order_history, orders, placements
from services.intake.domain.facts import FULFILMENT_FACTS, Fact, inspection_of
from services.intake.domain.open_work import OPEN_STATUSES, OpenWork
from services.intake.domain.order import HistoryEntry, Order, OrderTerms
from services.intake.domain.placements import LotState, Placement
from services.intake.domain.status import OrderStatus
from shared.audit.records import AuditRecord
from shared.contracts.orders import SuppliedMaterial
from shared.events import registry

# What a unit of work staged for the block's new order to write with it.
Staged = Callable[[], tuple[list[AuditRecord], list[dict[str, Any]]]]


def _nothing_staged() -> tuple[list[AuditRecord], list[dict[str, Any]]]:
    return [], []


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


UPDATABLE_LOT_COLUMNS = (
    "provider_id",
    "job_id",
    "units",
    "state",
    "units_done",
    "good_units",
    "defective_units",
    "over_tolerance",
)


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
        return await _load(self._s, order_id, lock=False)

    async def get_for_update(self, order_id: uuid.UUID) -> Order | None:
        """The order with its row locked until the unit of work ends."""
        return await _load(self._s, order_id, lock=True)

    async def get_for_fact(self, order_id: uuid.UUID) -> Order | None:
        """The order locked, as a fact from matching or fulfilment needs it: its lots and
        fulfilment's facts but not the history it only appends to, in one round trip
        (four before: ~3 facts an order made intake's consumer its largest cost in
        ``procnet simulate``)."""
        found = await _load_locked_lean(self._s, order_id)
        if found is not None:
            self._stored_lots[order_id] = {
                p.offer_id: _placement_row(order_id, p) for p in found.placements.values()
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
            update = _with_children(update, order, stored)
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
        return [_fact(r) for r in rows]

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


async def _load(session: AsyncSession, order_id: uuid.UUID, *, lock: bool) -> Order | None:
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
    inspection_of(order, await _fulfilment_facts(session, order_id))
    return order


def _json_rows(table: sa.Table, where: sa.ColumnElement[bool]) -> sa.ScalarSelect[Any]:
    """The matching rows of ``table`` as one JSON array (a scalar subquery)."""
    pairs: list[sa.ColumnElement[Any]] = []
    for c in table.c:  # 'name', value, ... (names are ours: no parameter to type)
        pairs += [sa.literal_column(f"'{c.name}'"), c]
    row = sa.func.json_build_object(*pairs)
    agg = sa.func.json_agg(row)
    empty: sa.ColumnElement[Any] = sa.literal_column("'[]'::json")
    return sa.select(sa.func.coalesce(agg, empty, type_=JSON)).where(where).scalar_subquery()


async def _load_locked_lean(session: AsyncSession, order_id: uuid.UUID) -> Order | None:
    """``_load`` locked, without the history, as one statement."""
    f = order_facts.c
    query = (
        sa.select(
            orders,
            _json_rows(placements, placements.c.order_id == orders.c.id).label("_lots"),
            _json_rows(
                order_facts, (f.order_id == orders.c.id) & f.event_type.in_(FULFILMENT_FACTS)
            ).label("_ffacts"),
        )
        .where(orders.c.id == order_id)
        .with_for_update(of=orders)
    )
    row = (await session.execute(query)).one_or_none()
    if row is None:
        return None
    order = _order_from_row(row._mapping)
    lots = [_placement(_from_json(r, placements)) for r in row._lots]
    order.placements = {p.offer_id: p for p in lots}
    inspection_of(order, [_fact(_Row(_from_json(r, order_facts))) for r in row._ffacts])
    return order


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
    """A dict read like a result row (``r.event_type``), for ``_fact``."""

    def __getattr__(self, name: str) -> Any:
        return self[name]


def _with_children(
    update: sa.Update, order: Order, stored: dict[uuid.UUID, dict[str, Any]]
) -> sa.Update:
    """``update`` with the order's new history lines and changed lots as CTEs."""
    if order.new_history:
        rows = [_history_row(order.id, h) for h in order.new_history]
        update = update.add_cte(sa.insert(order_history).values(rows).cte("new_history"))
    changed = [
        row
        for row in (_placement_row(order.id, p) for p in order.placements.values())
        if stored.get(row["offer_id"]) != row
    ]
    if changed:
        lots = insert(placements).values(changed)
        upsert = lots.on_conflict_do_update(
            index_elements=["order_id", "offer_id"],
            set_={c: lots.excluded[c] for c in UPDATABLE_LOT_COLUMNS},
        )
        update = update.add_cte(upsert.cte("changed_lots"))
    return update


async def _fulfilment_facts(session: AsyncSession, order_id: uuid.UUID) -> list[Fact]:
    """Fulfilment's facts about the order (none for an office that does not use it)."""
    f = order_facts.c
    rows = await session.execute(
        sa.select(order_facts).where(f.order_id == order_id, f.event_type.in_(FULFILMENT_FACTS))
    )
    return [_fact(r) for r in rows]


def _fact(r: Any) -> Fact:
    model = registry.model_for(r.event_type, r.event_version)
    return Fact(r.event_id, r.occurred_at, model.model_validate(r.payload))


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
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=["order_id", "offer_id"],
                set_={c: stmt.excluded[c] for c in UPDATABLE_LOT_COLUMNS},
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
        sequence=r["sequence"],
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
        over_tolerance=r["over_tolerance"],
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
        "over_tolerance": p.over_tolerance,
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

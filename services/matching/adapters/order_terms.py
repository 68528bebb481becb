"""Orders' terms and early facts in PostgreSQL, for the rules in ``domain/order_facts``.

"Order unknown, so park the fact" and "the submission takes what is parked" need
no lock between them: they never run at once for one order. Its events share a
key, so a partition; one consumer applies a partition in offset order, and a
second one taking the partition over starts at the last committed offset, so
its inbox INSERT waits on the inbox rows of whatever the first still applies.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters.tables import early_order_facts, orders
from services.matching.domain.order import QueueState
from services.matching.domain.order_facts import (
    Amendment,
    Cancellation,
    Fact,
    FactKind,
    Stamp,
    Terms,
)
from shared.contracts.orders import OrderSubmitted

early = early_order_facts


def columns(terms: Terms) -> dict[str, object]:
    """The orders columns that hold ``terms``; a cancelled order is never pending again."""
    return dict(
        quantity=terms.quantity,
        deadline=terms.deadline,
        amended_at=terms.amended.at if terms.amended else None,
        amended_by=terms.amended.event_id if terms.amended else None,
        amended_seq=terms.amended.sequence if terms.amended else None,
        state=QueueState.CANCELLED if terms.cancelled else QueueState.PENDING,
        parked_reason=None,  # new terms: a parked order is tried again
    )


# What an OrderSubmitted fills in; the rest has server defaults. The description has one
# too (older orders have none), but a submission always gives it.
FILLED = [
    c.name
    for c in orders.c
    if not c.primary_key and (c.server_default is None or c.name == "description")
]


def _submit_statement() -> sa.Select:
    """Insert the submitted order and take the facts that overtook it, in one round trip.
    Built once: submissions are most of the traffic, and building it cost more than
    running it."""
    parked = sa.delete(early).where(early.c.order_id == sa.bindparam("order_id"))
    values = {c: sa.bindparam(f"new_{c}", type_=orders.c[c].type) for c in FILLED}
    inserted = insert(orders).values(id=sa.bindparam("order_id"), **values)
    return sa.select(parked.returning(*early.c).cte("early_facts")).add_cte(
        inserted.on_conflict_do_nothing().cte("inserted")
    )


SUBMIT = _submit_statement()


class OrderTermsRepository:
    """``uow.order_terms``: the terms matching keeps of each order, and the facts parked
    until their OrderSubmitted arrives."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def known(self, order_id: uuid.UUID) -> Terms | None:
        """The order's terms, row locked; None while its OrderSubmitted has not arrived."""
        row = (
            await self._s.execute(
                sa.select(
                    orders.c.quantity,
                    orders.c.deadline,
                    orders.c.amended_at,
                    orders.c.amended_by,
                    orders.c.amended_seq,
                    orders.c.state,
                )
                .where(orders.c.id == order_id)
                .with_for_update()
            )
        ).one_or_none()
        if row is None:
            return None
        amended = (
            Stamp(row.amended_at, row.amended_by, row.amended_seq)
            if row.amended_at is not None
            else None
        )
        return Terms(row.quantity, row.deadline, amended, row.state == QueueState.CANCELLED)

    async def store(self, order_id: uuid.UUID, terms: Terms) -> None:
        await self._s.execute(
            sa.update(orders).where(orders.c.id == order_id).values(columns(terms))
        )

    async def park(self, order_id: uuid.UUID, fact: Fact) -> None:
        amendment = fact if isinstance(fact, Amendment) else None
        await self._s.execute(
            insert(early)
            .values(
                order_id=order_id,
                event_id=fact.stamp.event_id,
                occurred_at=fact.stamp.at,
                sequence=fact.stamp.sequence,
                kind=FactKind.AMENDED if amendment else FactKind.CANCELLED,
                quantity=amendment.quantity if amendment else None,
                deadline=amendment.deadline if amendment else None,
            )
            .on_conflict_do_nothing()
        )

    async def descriptions(self, order_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
        """What each order is to make, as its office described it (one query)."""
        if not order_ids:
            return {}
        query = sa.select(orders.c.id, orders.c.description).where(orders.c.id.in_(order_ids))
        return {r.id: r.description for r in await self._s.execute(query)}

    async def insert_taking_parked(self, p: OrderSubmitted, terms: Terms) -> list[Fact]:
        """Stores the order as submitted with ``terms``; returns the parked facts, now
        deleted."""
        row = dict(
            category=p.category,
            description=p.description,
            unit_fee_fen=p.unit_fee_fen,
            materials_ready=p.materials_ready,
            origin_market=p.origin_market.value,
            splittable=p.splittable,
            min_lot=p.min_lot,
            defect_tolerance_pct=p.defect_tolerance_pct,
            **columns(terms),
        )
        params = {"order_id": p.order_id, **{f"new_{c}": row[c] for c in FILLED}}
        return [_fact(r) for r in (await self._s.execute(SUBMIT, params)).all()]


def _fact(row: sa.Row) -> Fact:
    stamp = Stamp(row.occurred_at, row.event_id, row.sequence)
    if row.kind == FactKind.CANCELLED:
        return Cancellation(stamp)
    return Amendment(row.quantity, row.deadline, stamp)

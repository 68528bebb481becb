"""Offers in PostgreSQL as ``Offer`` aggregates, and the capacity their holds take."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters import ledger
from services.matching.adapters.tables import offers, orders
from services.matching.domain.offer import Offer, OfferStatus
from services.matching.domain.order import QueueState


class OfferRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get_for_update(self, offer_id: uuid.UUID) -> Offer | None:
        row = (
            await self._s.execute(
                sa.select(offers).where(offers.c.id == offer_id).with_for_update()
            )
        ).one_or_none()
        return _offer(row) if row else None

    async def add(self, offer: Offer) -> None:
        await self.add_all([offer])

    async def add_all(self, made: list[Offer]) -> None:
        """New offers in one statement (the matcher makes a round's offers together):
        ``INSERT ... SELECT FROM unnest(arrays)``, one array parameter per column, so the
        statement is compiled once and sent once whatever the number of lots (an
        executemany of row dicts was rendered and sent in pages of 1,000 rows)."""
        if not made:
            return
        columns = [name for name, _ in _COLUMNS]
        values = [[getattr(o, name) for o in made] for name in columns[:5]]
        values.append([_schedule_text(o.schedule) for o in made])
        values += [[o.unit_fee_fen for o in made], [o.status.value for o in made]]
        values.append([o.expires_at for o in made])
        given = (
            sa.func.unnest(
                *(
                    sa.bindparam(f"offer_{name}", column, type_=ARRAY(kind))
                    for (name, kind), column in zip(_COLUMNS, values, strict=True)
                )
            )
            .table_valued(*(sa.column(name, kind) for name, kind in _COLUMNS))
            .render_derived("made")
        )
        picked = [
            sa.cast(given.c.schedule, JSONB) if n == "schedule" else given.c[n] for n in columns
        ]
        await self._s.execute(sa.insert(offers).from_select(columns, sa.select(*picked)))

    async def save(self, offer: Offer) -> None:
        """Only the status of an offer ever changes."""
        await self._s.execute(
            sa.update(offers).where(offers.c.id == offer.id).values(status=offer.status.value)
        )

    async def open_of_order(self, order_id: uuid.UUID) -> list[Offer]:
        rows = await self._s.execute(
            sa.select(offers)
            .where(offers.c.order_id == order_id, offers.c.status == OfferStatus.OPEN.value)
            .order_by(offers.c.id)
            .with_for_update()
        )
        return [_offer(r) for r in rows]

    async def due(self, now: datetime, hint: list[uuid.UUID] | None, limit: int) -> list[Offer]:
        """Open offers past their expiry (those in ``hint`` only, if given), locked with
        their orders; offers another process is expiring are skipped, and so are those
        whose order a matcher round (or a consumer) has locked: the sweep would wait on
        the order while holding days the round needs. The next tick takes them."""
        query = (
            sa.select(offers)
            .select_from(offers.join(orders, orders.c.id == offers.c.order_id))
            .where(offers.c.status == OfferStatus.OPEN.value, offers.c.expires_at <= now)
            .order_by(offers.c.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=[offers, orders])
        )
        if hint is not None:
            query = query.where(offers.c.id.in_(hint))
        return [_offer(r) for r in await self._s.execute(query)]

    async def listed(
        self,
        provider_id: uuid.UUID | None,
        status: OfferStatus | None,
        order_id: uuid.UUID | None,
        limit: int,
    ) -> list[Offer]:
        query = sa.select(offers).order_by(offers.c.created_at.desc()).limit(limit)
        if provider_id is not None:
            query = query.where(offers.c.provider_id == provider_id)
        if status is not None:
            query = query.where(offers.c.status == status.value)
        if order_id is not None:
            query = query.where(offers.c.order_id == order_id)
        return [_offer(r) for r in await self._s.execute(query)]

    async def lock_days_of(self, closing: list[Offer]) -> None:
        """Lock every provider-day these offers hold, in key order, before any is released
        (ledger.lock_days: two sweeps or a sweep and a round queue, never deadlock)."""
        await ledger.lock_days(
            self._s, [(o.provider_id, o.category, day) for o in closing for day in o.schedule]
        )

    async def book(self, offer: Offer) -> None:
        """The held capacity of an accepted offer becomes booked."""
        await ledger.book_held(self._s, offer.provider_id, offer.category, offer.schedule)

    async def release(self, offer: Offer) -> None:
        """The held capacity of an offer that closed unaccepted is free again."""
        await ledger.release_held(self._s, offer.provider_id, offer.category, offer.schedule)

    async def return_to_matcher(self, order_id: uuid.UUID, without: uuid.UUID) -> None:
        """The rest of the order goes back to the matcher, never to ``without`` again
        (a cancelled order stays cancelled)."""
        await self._s.execute(
            sa.update(orders)
            .where(orders.c.id == order_id, orders.c.state != QueueState.CANCELLED)
            .values(
                state=QueueState.PENDING,
                excluded_providers=sa.func.array_append(orders.c.excluded_providers, without),
            )
        )


def _offer(r: sa.Row) -> Offer:
    return Offer(
        id=r.id,
        order_id=r.order_id,
        provider_id=r.provider_id,
        category=r.category,
        schedule=ledger.schedule_from_json(r.schedule),
        unit_fee_fen=r.unit_fee_fen,
        expires_at=r.expires_at,
        status=OfferStatus(r.status),
    )


def _schedule_text(schedule: dict[date, int]) -> str:
    """The schedule as ledger.schedule_to_json's JSON text, written directly (json.dumps
    of a dict per lot was a third of add_all's CPU at 19,000 lots)."""
    return "{" + ",".join(f'"{d.isoformat()}":{int(u)}' for d, u in sorted(schedule.items())) + "}"


# The offers table's columns as add_all sends them (the schedule as JSON text, cast).
_COLUMNS: list[tuple[str, Any]] = [
    ("id", sa.Uuid),
    ("order_id", sa.Uuid),
    ("provider_id", sa.Uuid),
    ("category", sa.Text),
    ("units", sa.Integer),
    ("schedule", sa.Text),
    ("unit_fee_fen", sa.BigInteger),
    ("status", sa.Text),
    ("expires_at", sa.DateTime(timezone=True)),
]

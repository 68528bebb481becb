"""The matcher's queue of orders (``uow.queue``): claim pending ones, see what is left
of them, settle them.
"""

from __future__ import annotations

import uuid
import zlib

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters.tables import jobs, offers, orders
from services.matching.domain import Market
from services.matching.domain.job import JobStatus
from services.matching.domain.offer import OfferStatus
from services.matching.domain.order import QueuedOrder, QueueState

# Matchers take turns per category: the one placing a category holds this transaction
# lock until its round commits, and the others leave that category's orders alone. A
# category's calendars are its own (provider, category), so only matchers of one category
# compete for capacity; solving at once against the same calendars, four matchers lost a
# lot to each other's booking for every other order and spent five times the CPU per
# order re-solving (bench row 8, 4 + 4 processes: 600 lots lost for 1,058 orders).
CATEGORY_TURNS = zlib.crc32(b"matching:category-turns") & 0x7FFFFFFF


class OrderQueue:
    # After claim_pending: orders were waiting, all in categories other matchers were
    # placing (their next round takes them; this matcher need not look again at once).
    others_turn = False

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_pending(self, batch_size: int) -> list[QueuedOrder]:
        """Oldest first, locked; another matcher skips them (``SKIP LOCKED``), and the
        categories another matcher is placing (``CATEGORY_TURNS``)."""
        mine = await self._take_turns()
        if not mine:
            return []
        rows = await self._session.execute(
            sa.select(orders)
            .where(orders.c.state == QueueState.PENDING, orders.c.category.in_(mine))
            .order_by(orders.c.submitted_at)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
        )
        return [_queued(r) for r in rows]

    async def _take_turns(self) -> list[str]:
        """The categories with pending orders that no other matcher is placing, now this
        transaction's to place (``pg_try_advisory_xact_lock``: released at commit or
        rollback, and with the connection of a matcher that dies). Sets ``others_turn``."""
        waiting = (
            sa.select(orders.c.category)
            .where(orders.c.state == QueueState.PENDING)
            .distinct()
            .subquery()
        )
        # A volatile function in the outer SELECT is not pushed into the subquery, so each
        # category is tried once.
        turn = sa.func.pg_try_advisory_xact_lock(
            CATEGORY_TURNS, sa.func.hashtext(waiting.c.category)
        )
        tried = (await self._session.execute(sa.select(waiting.c.category, turn))).all()
        mine = [category for category, taken in tried if taken]
        self.others_turn = bool(tried) and not mine
        return mine

    async def remaining(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Units of each order in an open offer or a live job, in one round trip."""
        offered = sa.select(offers.c.order_id, offers.c.units).where(
            offers.c.order_id.in_(ids), offers.c.status == OfferStatus.OPEN
        )
        placed = sa.select(jobs.c.order_id, jobs.c.units).where(
            jobs.c.order_id.in_(ids), jobs.c.status != JobStatus.CANCELLED
        )
        taken_rows = sa.union_all(offered, placed).subquery()
        query = sa.select(taken_rows.c.order_id, sa.func.sum(taken_rows.c.units)).group_by(
            taken_rows.c.order_id
        )
        return {oid: int(units) for oid, units in await self._session.execute(query)}

    async def park(self, order_id: uuid.UUID, reason: str) -> None:
        """Set the order aside with ``reason`` (domain/guard.py); the queue skips it."""
        await self._session.execute(
            sa.update(orders)
            .where(orders.c.id == order_id)
            .values(state=QueueState.PARKED, parked_reason=reason)
        )

    async def parked(self, limit: int) -> list[tuple[uuid.UUID, str]]:
        """Parked orders and why, newest submissions first (for operators)."""
        rows = await self._session.execute(
            sa.select(orders.c.id, orders.c.parked_reason)
            .where(orders.c.state == QueueState.PARKED)
            .order_by(orders.c.submitted_at.desc())
            .limit(limit)
        )
        return [(r.id, r.parked_reason or "") for r in rows]

    async def settle(self, ids: list[uuid.UUID]) -> None:
        if ids:
            await self._session.execute(
                sa.update(orders).where(orders.c.id.in_(ids)).values(state=QueueState.SETTLED)
            )


def _queued(r: sa.Row) -> QueuedOrder:
    return QueuedOrder(
        id=r.id,
        category=r.category,
        quantity=r.quantity,
        unit_fee_fen=r.unit_fee_fen,
        materials_ready=r.materials_ready,
        deadline=r.deadline,
        origin_market=Market(r.origin_market),
        splittable=r.splittable,
        min_lot=r.min_lot,
        excluded_providers=frozenset(r.excluded_providers or ()),
    )

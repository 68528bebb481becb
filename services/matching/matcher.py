"""The matcher worker: places pending orders in batches and sends offers.

Orders arrive through the consumer as ``pending`` rows. Each round claims up to
a batch of them (``FOR UPDATE SKIP LOCKED``, so several matchers never place
the same order), solves them together per category with the domain solver,
holds the capacity of every lot and publishes ``JobOffered``; what cannot be
placed is reported as ``OrderUnmatched``. All in one transaction.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
import structlog
from prometheus_client import Histogram
from redis.asyncio import Redis

from services.matching.adapters import calendars, ledger, redis_holds
from services.matching.adapters.tables import jobs, offers, orders
from services.matching.domain import Category, Market, OrderToPlace, Placement, place_batch
from services.matching.domain.placement import ShortfallReason
from services.matching.offers import accept, create_offer, publish
from shared.contracts import matching as m
from shared.db.unit_of_work import UnitOfWork
from shared.service.workers import pause

log = structlog.get_logger()
BATCH_SECONDS = Histogram("matcher_batch_seconds", "Time to place one batch of orders")
Row = sa.Row


async def match_pending(
    uow_factory, batch_size: int, offer_ttl: timedelta, redis: Redis | None = None
) -> int:
    """One round; returns how many orders it settled."""
    with BATCH_SECONDS.time():
        async with uow_factory() as uow:
            claimed = (
                await uow.session.execute(
                    sa.select(orders)
                    .where(orders.c.state == "pending")
                    .order_by(orders.c.submitted_at)
                    .limit(batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            created: list[tuple[uuid.UUID, datetime]] = []
            for group in _groups(claimed):
                await _place_group(uow, group, offer_ttl, created)
            await uow.commit()
        if redis is not None:
            await redis_holds.remember(redis, created)
        return len(claimed)


def _groups(rows: list[Row]) -> list[list[Row]]:
    """Orders of one category solve together; an order that excludes providers alone."""
    shared: dict[str, list[Row]] = defaultdict(list)
    alone: list[list[Row]] = []
    for r in rows:
        (alone.append([r]) if r.excluded_providers else shared[r.category].append(r))
    return [*shared.values(), *alone]


async def _place_group(
    uow: UnitOfWork, group: list[Row], ttl: timedelta, created: list[tuple[uuid.UUID, datetime]]
) -> None:
    remaining = await _remaining(uow, group)
    todo = [r for r in group if remaining[r.id] > 0]
    await _settle(uow, [r for r in group if remaining[r.id] <= 0])
    if not todo:
        return
    category = todo[0].category
    if category not in Category.__members__.values():
        for r in todo:
            await _unmatched(uow, r, remaining[r.id], ShortfallReason.NO_PROVIDER_FOR_CATEGORY)
        await _settle(uow, todo)
        return
    provs = await calendars.providers_making(uow.session, category, todo[0].excluded_providers)
    first = min(r.materials_ready for r in todo)
    last = max(r.deadline for r in todo)
    cals = await calendars.calendars_for(uow.session, provs, Category(category), first, last)
    result = place_batch([_to_place(r, remaining[r.id]) for r in todo], provs, cals)
    by_id = {p.id: p for p in provs}
    for r, placement in zip(todo, result.placements, strict=True):
        await _offer_lots(uow, r, placement, cals, by_id, ttl, created)


async def _offer_lots(uow, order, placement: Placement, cals, providers, ttl, created) -> None:
    shortfall = placement.shortfall
    for lot in placement.lots:
        cal = cals[(lot.provider_id, Category(order.category))]
        try:
            async with uow.session.begin_nested():
                await ledger.ensure_days(uow.session, cal, list(lot.schedule))
                await ledger.hold(uow.session, lot.provider_id, order.category, dict(lot.schedule))
                offer_id, expires = await create_offer(uow, order, order.category, lot, ttl)
                if providers[lot.provider_id].auto_accept:
                    await accept(uow, offer_id, None)
                else:
                    created.append((offer_id, expires))
        except ledger.NotEnoughCapacity:
            log.info("lot lost to a concurrent booking; will re-match", order_id=str(order.id))
            return  # the order stays pending and the next round places the rest
    if shortfall > 0:
        await _unmatched(
            uow, order, shortfall, placement.reason or ShortfallReason.NOT_ENOUGH_CAPACITY
        )
    await _settle(uow, [order])


async def _remaining(uow: UnitOfWork, group: list[Row]) -> dict[uuid.UUID, int]:
    """Units of each order not yet in an open offer or a job, in one round trip."""
    ids = [r.id for r in group]
    offered = sa.select(offers.c.order_id, offers.c.units).where(
        offers.c.order_id.in_(ids), offers.c.status == "open"
    )
    placed = sa.select(jobs.c.order_id, jobs.c.units).where(
        jobs.c.order_id.in_(ids), jobs.c.status != "cancelled"
    )
    taken_rows = sa.union_all(offered, placed).subquery()
    query = sa.select(taken_rows.c.order_id, sa.func.sum(taken_rows.c.units)).group_by(
        taken_rows.c.order_id
    )
    taken = {oid: int(units) for oid, units in await uow.session.execute(query)}
    return {r.id: int(r.quantity - taken.get(r.id, 0)) for r in group}


async def _unmatched(uow: UnitOfWork, order: Row, shortfall: int, reason: ShortfallReason) -> None:
    publish(
        uow,
        order.id,
        m.OrderUnmatched(order_id=order.id, shortfall_units=shortfall, reason=reason.value),
    )


async def _settle(uow: UnitOfWork, rows: list[Row]) -> None:
    ids: list[uuid.UUID] = [r.id for r in rows]
    if ids:
        await uow.session.execute(
            sa.update(orders).where(orders.c.id.in_(ids)).values(state="settled")
        )


def _to_place(r: Row, quantity: int) -> OrderToPlace:
    return OrderToPlace(
        order_id=r.id,
        category=Category(r.category),
        quantity=quantity,
        materials_ready=r.materials_ready,
        deadline=r.deadline,
        origin_market=Market(r.origin_market),
        unit_fee_fen=r.unit_fee_fen,
        splittable=r.splittable,
        min_lot=r.min_lot,
    )


class Matcher:
    """Background loop; ``wake()`` lets the consumer cut the idle wait short."""

    def __init__(
        self, uow_factory, batch_size: int, ttl: timedelta, idle: float, redis: Redis
    ) -> None:
        self._uow, self._batch, self._ttl, self._idle = uow_factory, batch_size, ttl, idle
        self._redis = redis
        self._stop, self._wake = asyncio.Event(), asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                settled = await match_pending(self._uow, self._batch, self._ttl, self._redis)
            except Exception as exc:
                log.warning("matcher round failed", error=repr(exc))
                settled = 0
                await asyncio.sleep(1)
            if settled == 0:
                self._wake.clear()
                await pause(self._wake, self._idle)

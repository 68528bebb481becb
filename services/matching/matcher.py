"""The matcher worker: places pending orders in batches and sends offers.

Orders arrive through the consumer as ``pending`` rows. Each round claims up to
a batch of them (``FOR UPDATE SKIP LOCKED``, so several matchers never place
the same order), solves them together per category with the domain solver,
holds the capacity of every lot and publishes ``JobOffered``; what cannot be
placed is reported as ``OrderUnmatched``. All in one transaction.

No production day is planned before today (the Lishui date): an order whose
deadline has already passed is reported unmatched with that reason, and no day
beyond the planning horizon (a year ahead, ``domain/order.py``) is planned. Each
provider's record is priced against the marketplace's (``domain/COSTS.md``).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

import structlog
from redis.asyncio import Redis

from services.matching.adapters import ledger, redis_holds
from services.matching.adapters.calendars import Calendars
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.batching import BatchSizer
from services.matching.domain import Placement, Provider, guard
from services.matching.domain.freight_budget import (
    CountyBudgets,
    FreightBudget,
    place_batch_within_budget,
)
from services.matching.domain.offer import Offer
from services.matching.domain.order import QueuedOrder, batch_days
from services.matching.domain.placement import ShortfallReason
from services.matching.handlers import offers, publish_recorded
from shared.contracts import matching as m
from shared.observability.metrics import MATCHER_BATCH_SECONDS
from shared.region import clock
from shared.service.workers import pause

log = structlog.get_logger()
BATCH_SECONDS = MATCHER_BATCH_SECONDS  # procnet_matcher_batch_seconds
Created = list[tuple[uuid.UUID, datetime]]
FREIGHT_BUDGET = FreightBudget()  # 2 %; the service takes it from MatchingSettings
# How long a matcher refused every category waits before it looks again (see Matcher.run).
OTHERS_TURN_WAIT_S = 0.5


class Round(NamedTuple):
    settled: int  # orders claimed and placed, reported unmatched or parked
    others_turn: bool  # orders waited, all in categories other matchers were placing


async def match_pending(
    uow_factory: Callable[[], MatchingUnitOfWork],
    batch_size: int,
    offer_ttl: timedelta,
    redis: Redis | None = None,
    budget: FreightBudget = FREIGHT_BUDGET,
) -> int:
    """One round; returns how many orders it settled."""
    return (await match_round(uow_factory, batch_size, offer_ttl, redis, budget)).settled


async def match_round(
    uow_factory: Callable[[], MatchingUnitOfWork],
    batch_size: int,
    offer_ttl: timedelta,
    redis: Redis | None = None,
    budget: FreightBudget = FREIGHT_BUDGET,
) -> Round:
    with BATCH_SECONDS.time():
        async with uow_factory() as uow:
            claimed = await uow.queue.claim_pending(batch_size)
            created: Created = []
            budgets = await uow.budget.current(budget) if claimed else CountyBudgets()
            for group in _groups(await _park_unsound(uow, claimed)):
                await _place_guarded(uow, group, offer_ttl, created, budgets)
            await uow.commit()
        if redis is not None:
            await redis_holds.remember(redis, created)
        return Round(len(claimed), uow.queue.others_turn)


async def _park_unsound(uow: MatchingUnitOfWork, claimed: list[QueuedOrder]) -> list[QueuedOrder]:
    """The claimed orders fit to plan; the others parked with their reason (a row stored
    before intake's bounds must not stall the batch, domain/guard.py)."""
    today, sound = clock.today(), []
    for o in claimed:
        reason = guard.check(o, today)
        if reason is None:
            sound.append(o)
        else:
            await _park(uow, o, reason)
    return sound


async def _park(uow: MatchingUnitOfWork, order: QueuedOrder, reason: guard.ParkReason) -> None:
    """Set aside and say so: the office sees the reason (OrderUnmatched), operators the
    list (``GET /v1/matcher/parked``)."""
    log.warning("order parked", order_id=str(order.id), reason=reason.name)
    taken = (await uow.queue.remaining([order.id])).get(order.id, 0)
    await uow.queue.park(order.id, reason.value)
    if order.quantity - taken > 0:
        uow.publish(
            m.OrderUnmatched(
                order_id=order.id, shortfall_units=order.quantity - taken, reason=reason.value
            )
        )


async def _place_guarded(
    uow: MatchingUnitOfWork,
    group: list[QueuedOrder],
    ttl: timedelta,
    created: Created,
    budget: CountyBudgets,
) -> None:
    """A group placed in its own savepoint; when placing it raises, each order is tried
    alone, and one that raises alone is parked, so the rest of the batch goes on."""
    made = len(created)
    try:
        async with uow.savepoint():
            await _place_group(uow, group, ttl, created, budget)
        return
    except Exception as exc:
        del created[made:]
        log.warning("matcher group failed; order by order", error=repr(exc), orders=len(group))
    for o in group:
        made = len(created)
        try:
            async with uow.savepoint():
                await _place_group(uow, [o], ttl, created, budget)
        except Exception as exc:
            del created[made:]
            log.warning("order could not be placed", order_id=str(o.id), error=repr(exc))
            await _park(uow, o, guard.ParkReason.FAILED)


def _groups(queued: list[QueuedOrder]) -> list[list[QueuedOrder]]:
    """Orders of one category solve together; an order that excludes providers alone."""
    shared: dict[str, list[QueuedOrder]] = defaultdict(list)
    alone: list[list[QueuedOrder]] = []
    for o in queued:
        (alone.append([o]) if o.excluded_providers else shared[o.category].append(o))
    return [*shared.values(), *alone]


async def _place_group(
    uow: MatchingUnitOfWork,
    group: list[QueuedOrder],
    ttl: timedelta,
    created: Created,
    budget: CountyBudgets,
) -> None:
    taken = await uow.queue.remaining([o.id for o in group])
    remaining = {o.id: o.quantity - taken.get(o.id, 0) for o in group}
    todo = [o for o in group if remaining[o.id] > 0]
    await uow.queue.settle([o.id for o in group if remaining[o.id] <= 0])
    if not todo:
        return
    category, today = todo[0].category, clock.today()
    provs = await uow.providers.making(category, todo[0].excluded_providers)
    batch = [o.to_place(remaining[o.id], today) for o in todo]
    first, last = batch_days(batch, today)
    cals = await uow.calendars.for_providers(provs, category, first, last)
    market = await uow.providers.market_record()
    # The low-income priority as a freight budget (domain/freight_budget.py, issue 19),
    # recorded per batch for the federation (GET /v1/budget/batches).
    # Solved in a worker thread: on the event loop it held every accept, decline and
    # report of the service up for the whole round (2-4 s under load). OR-Tools' solve
    # keeps the GIL (measured), but the Python around it (problem, network, plan figures)
    # yields to the loop every switch interval, so requests are answered between.
    found = await asyncio.to_thread(
        place_batch_within_budget, batch, provs, cals, budget, market=market
    )
    result, bought = found.result, found.outcome
    await uow.budget.record(category, bought)
    log.info(
        "low-income priority",
        category=category,
        budget_basis_points=bought.basis_points,
        cost_only_transport_millifen=bought.cost_only.transport_millifen,
        plan_transport_millifen=bought.plan.transport_millifen,
        low_income_fee_gained_fen=bought.low_income_fee_gained_fen,
        weight=bought.weight,
        solves=bought.solves,
    )
    by_id = {p.id: p for p in provs}
    placed = list(zip(todo, result.placements, strict=True))
    try:
        async with uow.savepoint():
            made = await _hold_and_offer(uow, placed, cals, ttl)
    except ledger.NotEnoughCapacity:
        # Someone booked a day since the calendars were read: lot by lot, so what still
        # fits is offered now and the rest stays pending for the next round.
        log.info("a lot lost to a concurrent booking; offering lot by lot")
        await _offer_each(uow, placed, cals, by_id, ttl, created)
        return
    for offer in made:
        await _announce(uow, offer, by_id, created)
    for o, placement in placed:
        _report_shortfall(uow, o, placement)
    await uow.queue.settle([o.id for o, _ in placed])


async def _hold_and_offer(
    uow: MatchingUnitOfWork,
    placed: list[tuple[QueuedOrder, Placement]],
    cals: Calendars,
    ttl: timedelta,
) -> list[Offer]:
    """Every lot of the group held and offered in three statements, all or none (raises
    ledger.NotEnoughCapacity); one statement per lot was most of a round's time."""
    lots = [(o, lot) for o, placement in placed for lot in placement.lots]
    await uow.calendars.hold_all(
        [(cals[(lot.provider_id, o.category)], dict(lot.schedule)) for o, lot in lots]
    )
    expires = clock.now() + ttl
    made = [
        Offer.make(o.id, lot.provider_id, o.category, dict(lot.schedule), o.unit_fee_fen, expires)
        for o, lot in lots
    ]
    await uow.offers.add_all(made)
    return made


async def _announce(
    uow: MatchingUnitOfWork,
    offer: Offer,
    providers: dict[uuid.UUID, Provider],
    created: Created,
) -> None:
    """JobOffered; an auto-accepting provider's offer becomes a job at once."""
    publish_recorded(uow, offer)
    if providers[offer.provider_id].auto_accept:
        await offers.accept(uow, offer.id, None)
    else:
        created.append((offer.id, offer.expires_at))


def _report_shortfall(uow: MatchingUnitOfWork, order: QueuedOrder, placement: Placement) -> None:
    if placement.shortfall > 0:
        reason = placement.reason or ShortfallReason.NOT_ENOUGH_CAPACITY
        uow.publish(
            m.OrderUnmatched(
                order_id=order.id, shortfall_units=placement.shortfall, reason=reason.value
            )
        )


async def _offer_each(
    uow: MatchingUnitOfWork,
    placed: list[tuple[QueuedOrder, Placement]],
    cals: Calendars,
    providers: dict[uuid.UUID, Provider],
    ttl: timedelta,
    created: Created,
) -> None:
    """The group's orders lot by lot, after its provider-days are locked in key order:
    held in lot order instead, two processes falling back on crossing lots (A: X then Y,
    B: Y then X) each held days the other waited for, and PostgreSQL rolled one back."""
    await uow.calendars.lock_lots(
        [
            (cals[(lot.provider_id, o.category)], dict(lot.schedule))
            for o, p in placed
            for lot in p.lots
        ]
    )
    for o, placement in placed:
        await _offer_lots(uow, o, placement, cals, providers, ttl, created)


async def _offer_lots(
    uow: MatchingUnitOfWork,
    order: QueuedOrder,
    placement: Placement,
    cals: Calendars,
    providers: dict[uuid.UUID, Provider],
    ttl: timedelta,
    created: Created,
) -> None:
    """One order, lot by lot, each in its own savepoint (after a concurrent booking)."""
    for lot in placement.lots:
        cal = cals[(lot.provider_id, order.category)]
        try:
            async with uow.savepoint():
                await uow.calendars.hold(cal, dict(lot.schedule))
                offer = await offers.create_offer(
                    uow,
                    order.id,
                    lot.provider_id,
                    order.category,
                    dict(lot.schedule),
                    order.unit_fee_fen,
                    ttl,
                )
                if providers[lot.provider_id].auto_accept:
                    await offers.accept(uow, offer.id, None)
                else:
                    created.append((offer.id, offer.expires_at))
        except ledger.NotEnoughCapacity:
            log.info("lot lost to a concurrent booking; will re-match", order_id=str(order.id))
            return  # the order stays pending and the next round places the rest
    _report_shortfall(uow, order, placement)
    await uow.queue.settle([order.id])


class Matcher:
    """Background loop; ``wake()`` lets the consumer cut the idle wait short. Each round
    claims what waits, up to a limit that follows load (``batching.py``)."""

    def __init__(
        self,
        uow_factory: Callable[[], MatchingUnitOfWork],
        sizer: BatchSizer,
        ttl: timedelta,
        idle: float,
        redis: Redis,
        budget: FreightBudget = FREIGHT_BUDGET,
    ) -> None:
        self._uow, self.sizer, self._ttl, self._idle = uow_factory, sizer, ttl, idle
        self._redis, self._budget = redis, budget
        self._stop, self._wake = asyncio.Event(), asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    async def run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()  # orders arriving during the round wake the next one
            started = time.perf_counter()
            try:
                settled, others_turn = await match_round(
                    self._uow, self.sizer.limit, self._ttl, self._redis, self._budget
                )
            except Exception as exc:
                log.warning("matcher round failed", error=repr(exc))
                settled, others_turn = 0, False
                await asyncio.sleep(1)
            self.sizer.record(settled, time.perf_counter() - started)
            if others_turn:
                # Not woken by new orders meanwhile: the matcher placing their category
                # claims them in its next round (it rounds again after every round that
                # placed something), so looking again at once would only be refused again
                # (four matchers at 39 orders/s: a tenth of their CPU in refused rounds).
                await pause(self._stop, OTHERS_TURN_WAIT_S)
            elif settled == 0:
                await pause(self._wake, self._idle)

"""Handlers for what other services publish: orders, seasons, the catalogue and
accepted transfers.

Each runs inside the consumer's transaction next to its inbox row, so a
redelivered event changes nothing twice.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain import CategoryDefinition, DateRange, village_names
from services.matching.domain.order_facts import (
    Action,
    Amendment,
    Cancellation,
    Fact,
    Stamp,
    Terms,
    action,
    apply,
    settle,
)
from services.matching.handlers.jobs import cancel_order_work, follow_amended_deadline
from services.matching.handlers.offers import withdraw_open
from services.matching.handlers.transfers import split_for_transfer
from shared.contracts import balancer as b
from shared.contracts import fulfilment as f
from shared.contracts import orders as o
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload
from shared.inbox.consumer import Handler


def order_handlers(wake: Callable[[], None]) -> dict[str, Handler]:
    """Intake's facts in any delivery order give the terms in-order delivery gives
    (the rules: ``domain/order_facts.py``)."""

    async def submitted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderSubmitted) and isinstance(uow, MatchingUnitOfWork)
        terms = Terms(p.quantity, p.deadline)
        early = await uow.order_terms.insert_taking_parked(p, terms)
        if early:  # amended or cancelled before it arrived
            terms = settle(terms, early)
            await uow.order_terms.store(p.order_id, terms)
        if not terms.cancelled:
            uow.after_commit(wake)  # woken earlier, the matcher may look before the commit

    async def amended(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderAmended)
        fact = Amendment(p.quantity, p.deadline, _stamp(env, p))
        if await _apply_fact(uow, p.order_id, fact, "order amended") is Action.REMATCH:
            uow.after_commit(wake)

    async def cancelled(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderCancelled)
        await _apply_fact(uow, p.order_id, Cancellation(_stamp(env, p)), "order cancelled")

    return {"OrderSubmitted": submitted, "OrderAmended": amended, "OrderCancelled": cancelled}


async def _apply_fact(uow: UnitOfWork, order_id: uuid.UUID, fact: Fact, reason: str) -> Action:
    """Park a fact about an order not submitted yet; otherwise apply it to the terms and
    withdraw open offers when the order is cancelled or goes back to the matcher."""
    assert isinstance(uow, MatchingUnitOfWork)
    before = await uow.order_terms.known(order_id)
    if before is None:
        await uow.order_terms.park(order_id, fact)
        return Action.NONE
    after = apply(before, fact)
    todo = action(before, after)
    if todo is Action.CANCEL:  # offers withdrawn; jobs keep what is made, release the rest
        await cancel_order_work(uow, order_id, reason)
    elif todo is Action.REMATCH:
        await withdraw_open(uow, order_id, reason)
        await follow_amended_deadline(uow, order_id, after.deadline)
    if todo is not Action.NONE:
        await uow.order_terms.store(order_id, after)
    return todo


def _stamp(env: Envelope, p: Payload) -> Stamp:
    """v2 facts carry the order's sequence (ranked by it); v1 are ranked by occurred_at."""
    return Stamp(env.occurred_at, env.event_id, getattr(p, "sequence", None))


async def season_defined(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Seasons cut (or raise) capacity for future work in their counties and, where a
    factor names a village group, in those villages only (the group wins there)."""
    assert isinstance(p, b.SeasonDefined) and isinstance(uow, MatchingUnitOfWork)
    factors = [
        (f.county, ",".join(sorted(village_names(f.village_group))), round(f.factor * 100))
        for f in p.factors
    ]
    await uow.calendars.save_season(p.season_id, factors, DateRange(p.start, p.end))
    in_use: dict[tuple[uuid.UUID, str], list[date]] = defaultdict(list)
    for provider_id, category, day in await uow.calendars.rows_between(p.start, p.end):
        in_use[(provider_id, category)].append(day)
    for (provider_id, category), days in in_use.items():
        provider = await uow.providers.get(provider_id)
        if provider is not None:
            cal = await uow.calendars.for_provider(provider, category, days[0], days[-1])
            await uow.calendars.refresh(cal, days)


async def category_defined(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Intake defined (or renamed) a category: providers may now offer it."""
    assert isinstance(p, o.CategoryDefined) and isinstance(uow, MatchingUnitOfWork)
    await uow.catalogue.define(CategoryDefinition(p.code, p.name_en, p.name_zh, p.machinery))


async def transfer_accepted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """v1 or v2 (the lender's reserved days): ``handlers/transfers.py``."""
    assert isinstance(p, b.TransferAccepted) and isinstance(uow, MatchingUnitOfWork)
    await split_for_transfer(uow, p)


async def inspection_recorded(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Fulfilment inspected a lot: its first inspection counts once toward the provider's
    quality record (rejected for rework or not); the rework's re-inspection does not."""
    assert isinstance(p, f.InspectionRecorded) and isinstance(uow, MatchingUnitOfWork)
    if p.round == 1:
        rejected = p.decision is f.Decision.REJECT_FOR_REWORK
        await uow.providers.count_inspection(p.provider_id, rejected=rejected)

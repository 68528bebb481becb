"""Handlers for what other services publish: orders, seasons and accepted transfers.

Each runs inside the consumer's transaction next to its inbox row, so a
redelivered event changes nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from services.matching.adapters import calendars, ledger, order_terms
from services.matching.adapters.tables import capacity_days, seasonal_factors
from services.matching.domain import Category
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
from services.matching.jobs import split_for_transfer
from services.matching.offers import withdraw_open
from shared.contracts import balancer as b
from shared.contracts import orders as o
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload
from shared.inbox.consumer import Handler


def order_handlers(wake: Callable[[], None]) -> dict[str, Handler]:
    """Intake's facts in any delivery order give the terms in-order delivery gives
    (the rules: ``domain/order_facts.py``)."""

    async def submitted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderSubmitted)
        terms = Terms(p.quantity, p.deadline)
        early = await order_terms.insert_taking_parked(uow.session, p, terms)
        if early:  # amended or cancelled before it arrived
            terms = settle(terms, early)
            await order_terms.store(uow.session, p.order_id, terms)
        if not terms.cancelled:
            wake()

    async def amended(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderAmended)
        fact = Amendment(p.quantity, p.deadline, _stamp(env, p))
        if await _apply_fact(uow, p.order_id, fact, "order amended") is Action.REMATCH:
            wake()

    async def cancelled(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderCancelled)
        await _apply_fact(uow, p.order_id, Cancellation(_stamp(env, p)), "order cancelled")

    return {"OrderSubmitted": submitted, "OrderAmended": amended, "OrderCancelled": cancelled}


async def _apply_fact(uow: UnitOfWork, order_id: uuid.UUID, fact: Fact, reason: str) -> Action:
    """Park a fact about an order not submitted yet; otherwise apply it to the terms and
    withdraw open offers when the order is cancelled or goes back to the matcher."""
    before = await order_terms.known_terms(uow.session, order_id)
    if before is None:
        await order_terms.park(uow.session, order_id, fact)
        return Action.NONE
    after = apply(before, fact)
    todo = action(before, after)
    if todo in (Action.CANCEL, Action.REMATCH):
        await withdraw_open(uow, order_id, reason)
    if todo is not Action.NONE:
        await order_terms.store(uow.session, order_id, after)
    return todo


def _stamp(env: Envelope, p: Payload) -> Stamp:
    """v2 facts carry the order's sequence (ranked by it); v1 are ranked by occurred_at."""
    return Stamp(env.occurred_at, env.event_id, getattr(p, "sequence", None))


async def season_defined(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Seasons cut (or raise) capacity for future work in their counties."""
    assert isinstance(p, b.SeasonDefined)
    for f in p.factors:
        if f.village_group is not None:
            continue  # village groups are the balancer's finer view; matching plans per county
        values = dict(
            season_id=p.season_id,
            county=f.county.value,
            first_day=p.start,
            last_day=p.end,
            percent=round(f.factor * 100),
        )
        stmt = insert(seasonal_factors).values(**values)
        await uow.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["season_id", "county"],
                set_=values,
            )
        )
    await _refresh_capacity(uow, p)


async def _refresh_capacity(uow: UnitOfWork, p: b.SeasonDefined) -> None:
    cd = capacity_days
    rows = (
        await uow.session.execute(
            sa.select(cd.c.provider_id, cd.c.category, cd.c.day)
            .distinct()
            .where(cd.c.day.between(p.start, p.end))
        )
    ).all()
    for provider_id, category, day in rows:
        provider = await calendars.provider_by_id(uow.session, provider_id)
        if provider is None or category not in Category.__members__.values():
            continue
        cal = (
            await calendars.calendars_for(uow.session, [provider], Category(category), day, day)
        )[(provider_id, Category(category))]
        await ledger.refresh_capacity(uow.session, cal, [day])


async def transfer_accepted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, b.TransferAccepted)
    await split_for_transfer(uow, p)

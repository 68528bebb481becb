"""Handlers for what other services publish: orders, seasons and accepted transfers.

Each runs inside the consumer's transaction next to its inbox row, so a
redelivered event changes nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from services.matching.adapters import calendars, ledger
from services.matching.adapters.tables import capacity_days, orders, seasonal_factors
from services.matching.domain import Category
from services.matching.jobs import split_for_transfer
from services.matching.offers import withdraw_open
from shared.contracts import balancer as b
from shared.contracts import orders as o
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload
from shared.inbox.consumer import Handler


def order_handlers(wake: Callable[[], None]) -> dict[str, Handler]:
    async def submitted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderSubmitted)
        await uow.session.execute(
            insert(orders)
            .values(
                id=p.order_id,
                category=p.category,
                quantity=p.quantity,
                unit_fee_fen=p.unit_fee_fen,
                materials_ready=p.materials_ready,
                deadline=p.deadline,
                origin_market=p.origin_market.value,
                splittable=p.splittable,
                min_lot=p.min_lot,
                state="pending",
            )
            .on_conflict_do_nothing()
        )
        wake()

    async def amended(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderAmended)
        await withdraw_open(uow, p.order_id, "order amended")
        await uow.session.execute(
            sa.update(orders)
            .where(orders.c.id == p.order_id)
            .values(
                quantity=p.quantity,
                deadline=p.deadline,
                state="pending",
            )
        )
        wake()

    async def cancelled(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        assert isinstance(p, o.OrderCancelled)
        await withdraw_open(uow, p.order_id, "order cancelled")
        await uow.session.execute(
            sa.update(orders).where(orders.c.id == p.order_id).values(state="cancelled")
        )

    return {"OrderSubmitted": submitted, "OrderAmended": amended, "OrderCancelled": cancelled}


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

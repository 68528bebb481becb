"""What intake and matching tell fulfilment: orders' materials, lots and their ends.

Each runs inside the inbox consumer's unit of work (which commits), so a
redelivered event is never applied twice; each is also a no-op when its effect is
there already. Orders and placements travel on different topics, so a lot may
arrive before its order: it is kept, and owed its share once the order comes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.domain.lot import Lot
from services.fulfilment.domain.order import OrderMaterials
from services.fulfilment.domain.shares import MaterialLine
from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload


def _uow(uow: UnitOfWork) -> FulfilmentUnitOfWork:
    assert isinstance(uow, FulfilmentUnitOfWork), "fulfilment's consumer opens its own uow"
    return uow


async def on_order_submitted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, o.OrderSubmitted)
    u = _uow(uow)
    order = OrderMaterials(
        order_id=p.order_id,
        office_id=p.office_id,
        category=p.category,
        quantity=p.quantity,
        basis_units=p.quantity,
        materials=tuple(MaterialLine(x.item, x.unit, x.quantity, p.quantity) for x in p.materials),
        defect_tolerance_pct=p.defect_tolerance_pct,
        origin_market=p.origin_market.value,
        deadline=p.deadline,
        materials_ready=p.materials_ready,
    )
    if await u.orders.add(order):
        for lot in await u.lots.of_order(p.order_id, lock=True):  # lots that came first
            lot.owe(order)
            await u.lots.save(lot)


async def on_order_amended(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, o.OrderAmended)
    u = _uow(uow)
    order = await u.orders.get(p.order_id, lock=True)
    if order is not None and order.amend(p.quantity, p.deadline, getattr(p, "sequence", None)):
        await u.orders.save(order)  # lots' units (and shares) change through matching's jobs


async def on_order_cancelled(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, o.OrderCancelled)
    u = _uow(uow)
    order = await u.orders.get(p.order_id, lock=True)
    if order is not None and not order.cancelled:
        order.cancel(getattr(p, "sequence", None))
        await u.orders.save(order)  # its jobs end with matching's JobCancelled


async def on_offer_accepted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.OfferAccepted)
    u = _uow(uow)
    lot = Lot(p.job_id, p.order_id, p.provider_id, p.category, p.units, p.deadline)
    lot.owe(await u.orders.get(p.order_id))
    await u.lots.add(lot)


async def on_job_split(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Units (and their share of the materials) move to a new lot of another provider."""
    assert isinstance(p, m.JobSplit)
    u = _uow(uow)
    source = await u.lots.get(p.job_id, lock=True)
    if source is None or await u.lots.get(p.new_job_id) is not None:
        return  # unknown source (never accepted here) or already applied
    order = await u.orders.get(p.order_id)
    moved = Lot(p.new_job_id, p.order_id, p.to_provider_id, source.category, p.units, source.due)
    moved.owe(order)
    source.move_units(source.units - p.units, order)
    await u.lots.add(moved)
    await u.lots.save(source)


async def on_job_cancelled(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.JobCancelled)
    await _end(uow, p.job_id, lambda lot, order: lot.cancel(p.units_kept, order))


async def on_job_delivered(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Matching's delivery (v2: only the final one ends production): goods await inspection."""
    assert isinstance(p, m.JobDelivered)
    if getattr(p, "final", True):
        await _end(uow, p.job_id, lambda lot, order: lot.delivered(late=p.late))


async def _end(
    uow: UnitOfWork, job_id: uuid.UUID, change: Callable[[Lot, OrderMaterials | None], None]
) -> None:
    u = _uow(uow)
    lot = await u.lots.get(job_id, lock=True)
    if lot is None:
        return
    change(lot, await u.orders.get(lot.order_id))
    await u.lots.save(lot)


async def on_provider_registered(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Where the provider is, for freight consolidation."""
    assert isinstance(p, m.ProviderRegistered)
    await _uow(uow).lots.locate(p.provider_id, p.county.value)

"""Orders: the office's commands and queries, and matching's facts about them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from services.intake.adapters.new_order import KeyClaim
from services.intake.adapters.orders import OrderFilter, OrderRow
from services.intake.adapters.uow import IntakeUnitOfWork
from services.intake.domain.errors import InvalidOrder, OrderRuleBroken
from services.intake.domain.facts import Fact, apply_late
from services.intake.domain.order import Order, OrderTerms
from services.intake.domain.progress import apply_fact
from services.intake.idempotency import earlier_order, request_hash
from services.intake.schemas import OrderAmend, OrderCreate
from shared.audit.recorder import record_write
from shared.contracts.audit import AdminActed
from shared.contracts.orders import SuppliedMaterial
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, EventRejected, Payload
from shared.identity import Principal
from shared.region import clock
from shared.service.errors import DomainError, InvalidInput, NotFound

T = TypeVar("T")


async def submit_order(
    uow: IntakeUnitOfWork, who: Principal, body: OrderCreate, idem_key: str | None
) -> tuple[Order, bool]:
    """(the new order, True), or (the order an earlier request with the same key created,
    False)."""
    claim = KeyClaim(idem_key, request_hash(body.model_dump(mode="json"))) if idem_key else None
    async with uow:
        if claim and (earlier := await _earlier(uow, who, claim)):
            return earlier, False
        await _check_references(uow, who, body)
        order = _domain_call(lambda: Order.submit(uuid.uuid4(), who.org_id, _terms(body)))
        await _audit(uow, who, order, "order.submit")
        _publish(uow, order)
        # One statement: the order, its history, the audit record, the events and the key.
        if not await uow.orders.add(order, claim):
            # A twin request won the race for the key (it wrote nothing here): its order.
            earlier = await _earlier(uow, who, claim) if claim else None
            assert earlier is not None, "only a taken key refuses a new order"
            return earlier, False
        await uow.commit()
        return order, True


async def _earlier(uow: IntakeUnitOfWork, who: Principal, claim: KeyClaim) -> Order | None:
    found = await uow.idempotency.find(who.org_id, claim.key)
    order_id = earlier_order(found, claim.request_hash)
    return None if order_id is None else await uow.orders.get(order_id)


async def cancel_order(
    uow: IntakeUnitOfWork, who: Principal, order_id: uuid.UUID, reason: str
) -> Order:
    async with uow:
        order = await _owned(uow, who, order_id)
        _domain_call(lambda: order.cancel(reason))
        await uow.orders.save(order)
        await _audit(uow, who, order, "order.cancel")
        _publish(uow, order)
        await uow.commit()
        return order


async def amend_order(
    uow: IntakeUnitOfWork, who: Principal, order_id: uuid.UUID, body: OrderAmend
) -> Order:
    if body.quantity is None and body.deadline is None:
        raise InvalidInput("give a new quantity, a new deadline or both", field="body")
    async with uow:
        order = await _owned(uow, who, order_id)
        today = clock.today()
        _domain_call(
            lambda: order.amend(quantity=body.quantity, deadline=body.deadline, today=today)
        )
        await uow.orders.save(order)
        await _audit(uow, who, order, "order.amend")
        _publish(uow, order)
        await uow.commit()
        return order


async def find_order(uow: IntakeUnitOfWork, who: Principal, order_id: uuid.UUID) -> Order:
    async with uow:
        order = await uow.orders.get(order_id)
    if order is None or not who.owns(order.office_id):
        raise NotFound("order not found")  # another office's order does not exist for you
    return order


async def list_orders(
    uow: IntakeUnitOfWork,
    who: Principal,
    flt: OrderFilter,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[OrderRow]:
    """An office's orders (an admin's: every office's), newest first."""
    if not who.is_admin:
        flt = OrderFilter(who.org_id, flt.status, flt.client_id, flt.deadline_from, flt.deadline_to)
    async with uow:
        return await uow.orders.page(flt, after, limit)


async def on_matching_fact(uow: UnitOfWork, envelope: Envelope, fact: Payload) -> None:
    """Consumer handler: runs inside the consumer's unit of work (which commits)."""
    assert isinstance(uow, IntakeUnitOfWork), "intake's consumer opens an IntakeUnitOfWork"
    order_id = uuid.UUID(envelope.key)
    order = await uow.orders.get_for_fact(order_id)
    if order is None:  # retrying cannot make an order appear: dead-letter at once
        raise EventRejected(f"{envelope.type} for unknown order {order_id}")
    known = Fact(envelope.event_id, envelope.occurred_at, fact)
    if await uow.orders.record_fact(order_id, known):  # arrived after a later one
        apply_late(order, await uow.orders.facts_of(order_id), known)
    else:
        apply_fact(order, fact, known.cause)
    await uow.orders.save(order)


async def _owned(uow: IntakeUnitOfWork, who: Principal, order_id: uuid.UUID) -> Order:
    order = await uow.orders.get_for_update(order_id)
    if order is None or not who.owns(order.office_id):
        raise NotFound("order not found")  # another office's order does not exist for you
    return order


# Offices, clients and categories are never deleted, so a reference found once stays valid:
# remembering it spares a round trip on every later order with the same office and client.
_VERIFIED: set[tuple[uuid.UUID, str, uuid.UUID]] = set()
_VERIFIED_MAX = 50_000


async def _check_references(uow: IntakeUnitOfWork, who: Principal, body: OrderCreate) -> None:
    """Office, category and client in one round trip (none when seen before)."""
    seen = (who.org_id, body.category, body.client_id)
    if seen in _VERIFIED:
        return
    found = await uow.offices.references(who.org_id, body.category, body.client_id)
    if not found.office:
        raise DomainError("your organisation is not a registered liaison office")
    if not found.category:
        raise InvalidInput(f"unknown category {body.category!r}", field="category")
    if not found.client:
        raise InvalidInput("no such client for your office", field="client_id")
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED.add(seen)


def _terms(body: OrderCreate) -> OrderTerms:
    return OrderTerms(
        client_id=body.client_id,
        category=body.category,
        description=body.description,
        quantity=body.quantity,
        unit_fee_fen=body.unit_fee_fen,
        materials_ready=body.materials_ready,
        deadline=body.deadline,
        origin_market=body.origin_market.value,
        splittable=body.splittable,
        min_lot=body.min_lot,
        quality_requirements=body.quality_requirements,
        defect_tolerance_pct=body.defect_tolerance_pct,
        materials=tuple(SuppliedMaterial(**m.model_dump()) for m in body.materials),
    )


def _domain_call(call: Callable[[], T]) -> T:
    try:
        return call()
    except InvalidOrder as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc
    except OrderRuleBroken as exc:
        raise DomainError(str(exc)) from exc


async def _audit(uow: IntakeUnitOfWork, who: Principal, order: Order, action: str) -> None:
    """Who wrote the order (an admin on an office's order is also AdminActed)."""
    await record_write(uow, who, order.office_id, action, "order", order.id, AdminActed)


def _publish(uow: UnitOfWork, order: Order) -> None:
    for event in order.events:
        order.published_as(event.event_type, uow.publish(event).event_id)
    order.events.clear()

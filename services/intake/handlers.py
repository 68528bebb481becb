"""One function per command or event; each loads, calls one domain method, commits."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa

from services.intake.adapters import repository
from services.intake.adapters.tables import categories, clients, offices
from services.intake.domain.errors import InvalidOrder, OrderRuleBroken
from services.intake.domain.facts import Fact, apply_late
from services.intake.domain.order import Order, OrderTerms
from services.intake.domain.progress import apply_fact
from services.intake.idempotency import order_for_key, remember, request_hash
from services.intake.schemas import OrderAmend, OrderCreate
from shared.contracts.orders import SuppliedMaterial
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, EventRejected, Payload
from shared.identity import Principal
from shared.region import clock
from shared.service.errors import DomainError, InvalidInput, NotFound

T = TypeVar("T")


async def submit_order(
    uow: UnitOfWork, who: Principal, body: OrderCreate, idem_key: str | None
) -> Order | uuid.UUID:
    """The new order, or the id of the one an earlier request with the same key created."""
    digest = request_hash(body.model_dump(mode="json"))
    async with uow:
        if idem_key and (
            existing := await order_for_key(uow.session, who.org_id, idem_key, digest)
        ):
            return existing
        await _check_references(uow, who, body)
        order = _domain_call(lambda: Order.submit(uuid.uuid4(), who.org_id, _terms(body)))
        await repository.add(uow.session, order)
        if idem_key and not await remember(uow.session, who.org_id, idem_key, digest, order.id):
            await uow.session.rollback()  # a twin request won the race: answer with its order
            existing = await order_for_key(uow.session, who.org_id, idem_key, digest)
            assert existing is not None
            return existing
        _publish(uow, order)
        await uow.commit()
        return order


async def cancel_order(uow: UnitOfWork, who: Principal, order_id: uuid.UUID, reason: str) -> None:
    async with uow:
        order = await _owned(uow, who, order_id)
        _domain_call(lambda: order.cancel(reason))
        await repository.save(uow.session, order)
        _publish(uow, order)
        await uow.commit()


async def amend_order(
    uow: UnitOfWork, who: Principal, order_id: uuid.UUID, body: OrderAmend
) -> None:
    if body.quantity is None and body.deadline is None:
        raise InvalidInput("give a new quantity, a new deadline or both", field="body")
    async with uow:
        order = await _owned(uow, who, order_id)
        today = clock.today()
        _domain_call(
            lambda: order.amend(quantity=body.quantity, deadline=body.deadline, today=today)
        )
        await repository.save(uow.session, order)
        _publish(uow, order)
        await uow.commit()


async def on_matching_fact(uow: UnitOfWork, envelope: Envelope, fact: Payload) -> None:
    """Consumer handler: runs inside the consumer's unit of work (which commits)."""
    order_id = uuid.UUID(envelope.key)
    order = await repository.get(uow.session, order_id, lock=True)
    if order is None:  # retrying cannot make an order appear: dead-letter at once
        raise EventRejected(f"{envelope.type} for unknown order {order_id}")
    known = Fact(envelope.event_id, envelope.occurred_at, fact)
    if await repository.record_fact(uow.session, order_id, known):  # arrived after a later one
        apply_late(order, await repository.facts_of(uow.session, order_id), known)
    else:
        apply_fact(order, fact, known.cause)
    await repository.save(uow.session, order)


async def _owned(uow: UnitOfWork, who: Principal, order_id: uuid.UUID) -> Order:
    order = await repository.get(uow.session, order_id, lock=True)
    if order is None or not who.owns(order.office_id):
        raise NotFound("order not found")  # another office's order does not exist for you
    return order


# Offices, clients and categories are never deleted, so a reference found once stays valid:
# remembering it spares a round trip on every later order with the same office and client.
_VERIFIED: set[tuple[uuid.UUID, str, uuid.UUID]] = set()
_VERIFIED_MAX = 50_000


async def _check_references(uow: UnitOfWork, who: Principal, body: OrderCreate) -> None:
    """Office, category and client in one round trip (none when seen before)."""
    seen = (who.org_id, body.category, body.client_id)
    if seen in _VERIFIED:
        return
    office, category, client = (
        await uow.session.execute(
            sa.select(
                sa.exists().where(offices.c.id == who.org_id),
                sa.exists().where(categories.c.code == body.category),
                sa.exists().where(
                    clients.c.id == body.client_id, clients.c.office_id == who.org_id
                ),
            )
        )
    ).one()
    if not office:
        raise DomainError("your organisation is not a registered liaison office")
    if not category:
        raise InvalidInput(f"unknown category {body.category!r}", field="category")
    if not client:
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


def _publish(uow: UnitOfWork, order: Order) -> None:
    for event in order.events:
        uow.publish(event)
    order.events.clear()

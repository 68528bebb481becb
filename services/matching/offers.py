"""Offers: create with a capacity hold, accept into a job, decline, expire or withdraw.

Every change of an offer releases or converts its hold in the same transaction
as the event it publishes, so capacity and the story told to intake agree.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from services.matching.adapters import ledger
from services.matching.adapters.tables import jobs, offers, orders
from services.matching.domain import Lot
from shared.contracts import matching as m
from shared.db.unit_of_work import UnitOfWork
from shared.events import Payload
from shared.region import clock
from shared.service.errors import DomainError, NotFound

OPEN = "open"


def publish(uow: UnitOfWork, order_id: uuid.UUID, payload: Payload) -> None:
    uow.publish(payload)


async def create_offer(
    uow: UnitOfWork,
    order: sa.Row,
    category: str,
    lot: Lot,
    ttl: timedelta,
) -> tuple[uuid.UUID, datetime]:
    """Insert the offer and publish JobOffered; the caller has already held the capacity."""
    offer_id, expires = uuid.uuid4(), datetime.now(UTC) + ttl
    await uow.session.execute(
        sa.insert(offers).values(
            id=offer_id,
            order_id=order.id,
            provider_id=lot.provider_id,
            category=category,
            units=lot.units,
            schedule=ledger.schedule_to_json(dict(lot.schedule)),
            unit_fee_fen=order.unit_fee_fen,
            status=OPEN,
            expires_at=expires,
        )
    )
    publish(
        uow,
        order.id,
        m.JobOffered(
            offer_id=offer_id,
            order_id=order.id,
            provider_id=lot.provider_id,
            category=category,
            units=lot.units,
            start=lot.start_day,
            end=lot.end_day,
            unit_fee_fen=order.unit_fee_fen,
            expires_at=expires,
        ),
    )
    return offer_id, expires


async def accept(uow: UnitOfWork, offer_id: uuid.UUID, provider_id: uuid.UUID | None) -> uuid.UUID:
    offer = await _open_offer(uow, offer_id, provider_id)
    schedule = ledger.schedule_from_json(offer.schedule)
    await ledger.book_held(uow.session, offer.provider_id, offer.category, schedule)
    deadline = await uow.session.scalar(
        sa.select(orders.c.deadline).where(orders.c.id == offer.order_id)
    )
    job_id = uuid.uuid4()
    await uow.session.execute(
        sa.insert(jobs).values(
            id=job_id,
            offer_id=offer.id,
            order_id=offer.order_id,
            provider_id=offer.provider_id,
            category=offer.category,
            units=offer.units,
            schedule=offer.schedule,
            deadline=deadline,
            status="accepted",
        )
    )
    await _set_status(uow, offer_id, "accepted")
    publish(
        uow,
        offer.order_id,
        m.OfferAccepted(
            offer_id=offer.id,
            job_id=job_id,
            order_id=offer.order_id,
            provider_id=offer.provider_id,
            category=offer.category,
            units=offer.units,
            start=min(schedule),
            end=max(schedule),
            deadline=deadline,
        ),
    )
    return job_id


async def decline(
    uow: UnitOfWork, offer_id: uuid.UUID, provider_id: uuid.UUID | None, reason: str
) -> None:
    offer = await _close(uow, offer_id, provider_id, "declined")
    publish(
        uow,
        offer.order_id,
        m.OfferDeclined(
            offer_id=offer.id,
            order_id=offer.order_id,
            provider_id=offer.provider_id,
            units=offer.units,
            reason=reason,
        ),
    )
    await requeue_without(uow, offer.order_id, offer.provider_id)


async def expire(uow: UnitOfWork, offer_id: uuid.UUID) -> None:
    offer = await _close(uow, offer_id, None, "expired")
    publish(
        uow,
        offer.order_id,
        m.OfferExpired(
            offer_id=offer.id,
            order_id=offer.order_id,
            provider_id=offer.provider_id,
            units=offer.units,
        ),
    )
    await requeue_without(uow, offer.order_id, offer.provider_id)


async def withdraw_open(uow: UnitOfWork, order_id: uuid.UUID, reason: str) -> None:
    """Take back every open offer of an order (amended or cancelled)."""
    ids = (
        await uow.session.scalars(
            sa.select(offers.c.id).where(offers.c.order_id == order_id, offers.c.status == OPEN)
        )
    ).all()
    for offer_id in ids:
        offer = await _close(uow, offer_id, None, "withdrawn")
        publish(
            uow,
            order_id,
            m.OfferWithdrawn(
                offer_id=offer.id,
                order_id=order_id,
                provider_id=offer.provider_id,
                units=offer.units,
                reason=reason,
            ),
        )


async def requeue_without(uow: UnitOfWork, order_id: uuid.UUID, provider_id: uuid.UUID) -> None:
    """The rest of the order goes back to the matcher, never to this provider again."""
    await uow.session.execute(
        sa.update(orders)
        .where(orders.c.id == order_id, orders.c.state != "cancelled")
        .values(
            state="pending",
            excluded_providers=sa.func.array_append(orders.c.excluded_providers, provider_id),
        )
    )


async def _close(
    uow: UnitOfWork, offer_id: uuid.UUID, provider_id: uuid.UUID | None, status: str
) -> sa.Row:
    offer = await _open_offer(uow, offer_id, provider_id, allow_expired=status != "declined")
    await ledger.release_held(
        uow.session, offer.provider_id, offer.category, ledger.schedule_from_json(offer.schedule)
    )
    await _set_status(uow, offer_id, status)
    return offer


async def _open_offer(
    uow: UnitOfWork,
    offer_id: uuid.UUID,
    provider_id: uuid.UUID | None,
    *,
    allow_expired: bool = False,
) -> sa.Row:
    offer = (
        await uow.session.execute(
            sa.select(offers).where(offers.c.id == offer_id).with_for_update()
        )
    ).one_or_none()
    if offer is None or (provider_id is not None and offer.provider_id != provider_id):
        raise NotFound("offer not found")
    if offer.status != OPEN:
        raise DomainError(f"the offer is already {offer.status}")
    if not allow_expired and offer.expires_at <= datetime.now(UTC):
        raise DomainError("the offer has expired")
    return offer


async def _set_status(uow: UnitOfWork, offer_id: uuid.UUID, status: str) -> None:
    await uow.session.execute(
        sa.update(offers).where(offers.c.id == offer_id).values(status=status)
    )


def today() -> date:
    return clock.today()

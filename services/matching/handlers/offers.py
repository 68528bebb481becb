"""Offers: made by the matcher with a capacity hold, then accepted into a job, declined,
expired or withdrawn. Every change releases or books the hold in the same transaction
as the event it publishes, so capacity and the story told to intake agree."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain.job import Job
from services.matching.domain.offer import Offer
from services.matching.handlers import publish_recorded, refusals
from services.matching.handlers.audit import record_placement_write
from shared.identity import Principal
from shared.region import clock
from shared.service.errors import NotFound


async def create_offer(
    uow: MatchingUnitOfWork,
    order_id: uuid.UUID,
    provider_id: uuid.UUID,
    category: str,
    schedule: dict[date, int],
    unit_fee_fen: int,
    ttl: timedelta,
) -> Offer:
    """Store the offer and publish JobOffered; the caller has already held the capacity."""
    offer = Offer.make(order_id, provider_id, category, schedule, unit_fee_fen, clock.now() + ttl)
    await uow.offers.add(offer)
    publish_recorded(uow, offer)
    return offer


async def accept_offer(
    uow: MatchingUnitOfWork,
    offer_id: uuid.UUID,
    provider_id: uuid.UUID | None,
    who: Principal | None = None,
) -> Job:
    """The broker's command: accept, commit, return the new job (``who`` is recorded)."""
    async with uow:
        job = await accept(uow, offer_id, provider_id)
        await record_placement_write(
            uow, who, job.provider_id, job.order_id, "offer.accept", "offer", offer_id
        )
        await uow.commit()
    return job


async def accept(
    uow: MatchingUnitOfWork, offer_id: uuid.UUID, provider_id: uuid.UUID | None
) -> Job:
    """Inside an open unit of work (the matcher accepts for auto-accepting providers)."""
    offer = await _offer(uow, offer_id, provider_id)
    deadline, terms = await uow.jobs.terms_of(offer.order_id)
    with refusals():
        job = offer.accept(clock.now(), deadline, terms)
    await uow.offers.book(offer)
    await uow.jobs.add(job)
    await uow.offers.save(offer)
    publish_recorded(uow, offer)
    return job


async def decline_offer(
    uow: MatchingUnitOfWork,
    offer_id: uuid.UUID,
    provider_id: uuid.UUID | None,
    reason: str,
    who: Principal | None = None,
) -> None:
    async with uow:
        offer = await _offer(uow, offer_id, provider_id)
        with refusals():
            offer.decline(clock.now(), reason)
        await _close(uow, offer)
        await record_placement_write(
            uow, who, offer.provider_id, offer.order_id, "offer.decline", "offer", offer.id
        )
        await uow.offers.return_to_matcher(offer.order_id, without=offer.provider_id)
        await uow.commit()


async def expire_due(
    uow: MatchingUnitOfWork, hint: list[uuid.UUID] | None = None, limit: int = 100
) -> int:
    """Expire due offers (those named by ``hint``, or any); their units go back to the
    matcher, never to the same provider. Returns how many expired."""
    now = clock.now()
    async with uow:
        due = await uow.offers.due(now, hint, limit)
        await uow.offers.lock_days_of(due)  # in key order: another sweep may share days
        for offer in due:
            offer.expire(now)
            await _close(uow, offer)
            await uow.offers.return_to_matcher(offer.order_id, without=offer.provider_id)
        await uow.commit()
    return len(due)


async def withdraw_open(uow: MatchingUnitOfWork, order_id: uuid.UUID, reason: str) -> None:
    """Take back every open offer of an order (amended or cancelled)."""
    for offer in await uow.offers.open_of_order(order_id):
        offer.withdraw(reason)
        await _close(uow, offer)


async def _close(uow: MatchingUnitOfWork, offer: Offer) -> None:
    await uow.offers.release(offer)
    await uow.offers.save(offer)
    publish_recorded(uow, offer)


async def _offer(
    uow: MatchingUnitOfWork, offer_id: uuid.UUID, provider_id: uuid.UUID | None
) -> Offer:
    """The offer, row locked; another provider's offer does not exist for the caller."""
    offer = await uow.offers.get_for_update(offer_id)
    if offer is None or (provider_id is not None and offer.provider_id != provider_id):
        raise NotFound("offer not found")
    return offer

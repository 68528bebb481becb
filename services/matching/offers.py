"""What the matcher (``matcher.py``) calls to offer a lot and to auto-accept it.

Offers live in ``handlers/offers.py`` now; these keep the matcher's calls as they
were until it calls the handlers directly.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any, cast

from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain import Lot
from services.matching.handlers import offers as handlers
from shared.db.unit_of_work import UnitOfWork
from shared.events import Payload
from shared.region import clock


async def create_offer(
    uow: UnitOfWork, order: Any, category: str, lot: Lot, ttl: timedelta
) -> tuple[uuid.UUID, datetime]:
    """``order`` needs ``id`` and ``unit_fee_fen``; the capacity is already held."""
    offer = await handlers.create_offer(
        cast(MatchingUnitOfWork, uow),
        order.id,
        lot.provider_id,
        category,
        dict(lot.schedule),
        order.unit_fee_fen,
        ttl,
    )
    return offer.id, offer.expires_at


async def accept(uow: UnitOfWork, offer_id: uuid.UUID, provider_id: uuid.UUID | None) -> uuid.UUID:
    job = await handlers.accept(cast(MatchingUnitOfWork, uow), offer_id, provider_id)
    return job.id


def publish(uow: UnitOfWork, order_id: uuid.UUID, payload: Payload) -> None:
    """Main's matcher still stages OrderUnmatched through this; the capacity branch's
    matcher calls ``uow.publish`` itself (delete this when that lands)."""
    uow.publish(payload)


def today() -> date:
    """The Lishui date (the one clock), for callers that took it from here."""
    return clock.today()

"""Expire offers nobody answered in time: release the hold, re-match the units."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
import structlog

from services.matching.adapters.tables import offers
from services.matching.offers import expire
from shared.db.unit_of_work import UnitOfWork

log = structlog.get_logger()


async def expire_due(new_uow: Callable[[], UnitOfWork], limit: int = 100) -> int:
    async with new_uow() as uow:
        due = (
            await uow.session.scalars(
                sa.select(offers.c.id)
                .where(offers.c.status == "open", offers.c.expires_at <= datetime.now(UTC))
                .order_by(offers.c.expires_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for offer_id in due:
            await expire(uow, offer_id)
        await uow.commit()
        return len(due)


class OfferExpiry:
    def __init__(
        self, new_uow: Callable[[], UnitOfWork], every: float, on_expired: Callable[[], None]
    ) -> None:
        self._new_uow, self._every, self._on_expired = new_uow, every, on_expired
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                if await expire_due(self._new_uow):
                    self._on_expired()
            except Exception as exc:
                log.warning("offer expiry round failed", error=repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self._every)

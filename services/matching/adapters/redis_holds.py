"""A fast index of open offers by expiry time in Redis (PostgreSQL stays the truth).

The expiry worker asks Redis every tick which offers are due, which costs
nothing when none are; a slower sweep of PostgreSQL catches anything Redis
lost (a flush, a restart), so losing Redis delays an expiry but never skips it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

import structlog
from redis.asyncio import Redis

log = structlog.get_logger()
KEY = "procnet:matching:offer-expiry"


async def remember(redis: Redis, offers: Iterable[tuple[uuid.UUID, datetime]]) -> None:
    mapping = {str(offer_id): expires.timestamp() for offer_id, expires in offers}
    if not mapping:
        return
    try:
        await redis.zadd(KEY, mapping)
    except Exception as exc:  # the PostgreSQL sweep will find them
        log.warning("could not index offer expiry in redis", error=repr(exc))


async def due(redis: Redis, now: datetime, limit: int = 100) -> list[uuid.UUID]:
    try:
        members = await redis.zrangebyscore(KEY, "-inf", now.timestamp(), start=0, num=limit)
    except Exception as exc:
        log.warning("redis expiry index unavailable", error=repr(exc))
        return []
    return [uuid.UUID(m.decode() if isinstance(m, bytes) else str(m)) for m in members]


async def forget(redis: Redis, offer_ids: Iterable[uuid.UUID]) -> None:
    ids = [str(i) for i in offer_ids]
    if ids:
        try:
            await redis.zrem(KEY, *ids)
        except Exception as exc:
            log.warning("could not drop offers from the redis index", error=repr(exc))

"""The revocation view: each organisation's current secret generation, in Redis.

The generation is a fingerprint of the organisation's stored secret hash (so the
truth stays in the owning service's PostgreSQL row and no migration is needed):
rotating the secret changes it. The owning service writes it to Redis on every
rotation and every token exchange; every service compares a token's ``gen`` with
it and refuses an older one. Lookups are cached for ``CACHE_S`` so a busy
organisation costs one Redis call per few seconds. When Redis is briefly away the
last known generation is used and, failing that, the token is let through: a
revoked token then lives at most until Redis answers again or it expires
(12 hours), which the services accept in order to ride out a Redis outage.
"""

from __future__ import annotations

import hashlib
import time
import uuid

import structlog
from redis.asyncio import Redis

from shared.identity.tokens import Principal, TokenError

log = structlog.get_logger()
CACHE_S = 2.0
KEY = "procnet:identity:gen:{org}"
TTL_S = 30 * 24 * 3600  # refreshed by every exchange; well past any token's life


def generation_of(secret_hash: str | None) -> str:
    return hashlib.sha256((secret_hash or "").encode()).hexdigest()[:12]


class GenerationView:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._cache: dict[uuid.UUID, tuple[float, str | None]] = {}

    async def publish(self, org_id: uuid.UUID, generation: str) -> None:
        """Record the organisation's current generation (after a rotation or exchange)."""
        self._cache[org_id] = (time.monotonic(), generation)
        try:
            await self._redis.set(KEY.format(org=org_id), generation, ex=TTL_S)
        except Exception as exc:  # the next exchange writes it again
            log.warning("revocation view unavailable", error=repr(exc))

    async def require_current(self, who: Principal) -> None:
        if who.generation is None:  # operator-issued: bounded only by its lifetime
            return
        current = await self._current(who.org_id)
        if current is not None and current != who.generation:
            raise TokenError("token revoked: the organisation's secret was rotated")

    async def _current(self, org_id: uuid.UUID) -> str | None:
        now = time.monotonic()
        cached = self._cache.get(org_id)
        if cached and now - cached[0] < CACHE_S:
            return cached[1]
        try:
            raw = await self._redis.get(KEY.format(org=org_id))
        except Exception as exc:
            log.warning("revocation view unavailable; using the last known", error=repr(exc))
            return cached[1] if cached else None
        value = raw.decode() if isinstance(raw, bytes) else raw
        self._cache[org_id] = (now, value)
        return value

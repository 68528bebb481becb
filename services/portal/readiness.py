"""The portal's ``/readyz``: it needs no database, so it is always able to serve pages
from the other services; with live updates on, Kafka (its consumer) and Redis (the
notifications) are ridden out for ``ready_grace_s`` like the other services do, and the
live consumer and each notification sender must still be running."""

from __future__ import annotations

from fastapi import FastAPI

from services.portal.config import PortalSettings
from shared.http.readiness import kafka_check, redis_check
from shared.observability.readiness import Check, Readiness
from shared.service.workers import task_state


def portal_readiness(app: FastAPI, settings: PortalSettings) -> Readiness:
    checks: dict[str, Check] = {}
    if settings.portal_live:
        checks["kafka"] = kafka_check(settings.kafka_bootstrap, settings.kafka_auth)
        checks["redis"] = _live_redis(app)

    def workers() -> dict[str, str]:
        return {t.get_name(): task_state(t) for t in getattr(app.state, "live_tasks", [])}

    return Readiness(checks, required=frozenset(), grace_s=settings.ready_grace_s, workers=workers)


def _live_redis(app: FastAPI) -> Check:
    async def check() -> None:
        store = app.state.live
        if store is None:
            raise RuntimeError("live updates have not started")
        await redis_check(store.redis)()

    return check

"""The ``startups`` hook of services/portal/bootstrap.py: Redis as the ``portal`` ACL
user, the live consumer and one dispatcher per sink, as background tasks of the app."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from fastapi import FastAPI
from redis.asyncio import Redis

from services.portal.config import PortalSettings
from services.portal.live import sinks
from services.portal.live.consumer import LiveConsumer, Recorder
from services.portal.live.dispatch import Dispatcher
from services.portal.live.store import LIVE_BLOCK_MS, LiveStore
from shared.service.infra import StackCredentials


def portal_redis(settings: PortalSettings) -> Redis:
    # GET /live blocks in XREAD for up to LIVE_BLOCK_MS: reads may take that long.
    return Redis.from_url(
        settings.redis_url,
        socket_timeout=LIVE_BLOCK_MS / 1000 + 10,
        socket_connect_timeout=2,
        credential_provider=StackCredentials(settings.redis_username, settings.redis_secret),
    )


async def start_live(app: FastAPI) -> Callable[[], Awaitable[None]]:
    settings: PortalSettings = app.state.settings
    redis = portal_redis(settings)
    store = LiveStore(
        redis, cap=settings.portal_notify_cap, dedupe_ttl_s=settings.portal_notify_dedupe_ttl_s
    )
    app.state.live = store
    chosen = sinks.build(
        settings.notify_sinks,
        file=settings.notify_file,
        webhook_url=settings.portal_notify_webhook_url,
        webhook_timeout_s=settings.portal_notify_webhook_timeout_s,
    )
    recorder = Recorder(
        store, tuple(s.name for s in chosen), timedelta(seconds=settings.portal_notify_max_age_s)
    )
    consumer = LiveConsumer(recorder, settings.kafka_bootstrap, settings.kafka_auth)
    dispatchers = [Dispatcher(store, sink) for sink in chosen]
    tasks = [asyncio.create_task(consumer.run(), name="portal-live-consumer")]
    tasks += [asyncio.create_task(d.run(), name=f"portal-sink-{d.sink.name}") for d in dispatchers]
    app.state.live_tasks = tasks  # /readyz names one that ended (services/portal/readiness.py)

    async def stop() -> None:
        consumer.stop()
        for d in dispatchers:
            d.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        app.state.live = None
        await redis.aclose()

    return stop

"""The portal's /readyz: with live updates off it needs nothing but itself; a live worker
that ended makes it not ready and is named; Redis or Kafka failing is reported at once but
only blocks after the grace period (Readiness's rule, here with the portal's checks)."""

from __future__ import annotations

import asyncio

from fastapi.testclient import TestClient

from services.portal.bootstrap import bootstrap
from services.portal.config import PortalSettings
from services.portal.readiness import portal_readiness

OFF = PortalSettings(intake_url="http://127.0.0.1:9", matching_url="http://127.0.0.1:9",
                     portal_live=False)  # fmt: skip


def test_without_live_updates_the_portal_is_ready_on_its_own() -> None:
    with TestClient(bootstrap(OFF)) as client:
        answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json()["checks"] == {}


def test_a_live_worker_that_ended_makes_the_portal_not_ready() -> None:
    app = bootstrap(OFF)

    async def crashed() -> None:
        raise RuntimeError("kafka said no")

    async def run() -> asyncio.Task[None]:
        task = asyncio.create_task(crashed(), name="portal-live-consumer")
        await asyncio.gather(task, return_exceptions=True)
        return task

    app.state.live_tasks = [asyncio.run(run())]
    with TestClient(app) as client:
        answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["not_ready_because"] == ["worker portal-live-consumer"]
    assert "kafka said no" in answer.json()["workers"]["portal-live-consumer"]


def test_with_live_updates_kafka_and_redis_are_checked_and_ridden_out() -> None:
    on = OFF.model_copy(update={"portal_live": True, "ready_grace_s": 60.0})
    app = bootstrap(on, startups=[])  # nothing started: Redis is "not started yet"
    ready, body = asyncio.run(portal_readiness(app, on).answer())
    assert set(body["checks"]) == {"kafka", "redis"}
    assert body["checks"]["redis"].startswith("failed")
    assert ready  # within the grace period

"""Each service subscribes to what the catalogue says and serves its part at /asyncapi.json.

The apps are built without starting their workers or touching any server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from services.balancer.bootstrap import bootstrap as balancer
from services.fulfilment.bootstrap import bootstrap as fulfilment
from services.intake.bootstrap import bootstrap as intake
from services.matching.bootstrap import bootstrap as matching
from services.settlement.bootstrap import bootstrap as settlement
from shared.events import asyncapi, catalogue, registry
from shared.service.infra import ServiceInfra

BOOTSTRAPS: dict[str, Callable[..., FastAPI]] = {
    "intake": intake,
    "matching": matching,
    "balancer": balancer,
    "settlement": settlement,
    "fulfilment": fulfilment,
}


def test_every_catalogued_service_is_tested() -> None:
    assert set(BOOTSTRAPS) == set(catalogue.SERVICES)


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_a_service_consumes_exactly_the_catalogued_topics(
    service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, tuple[str, ...], set[str]]] = []

    def record(self: ServiceInfra, name: str, topics: tuple[str, ...], *args: Any) -> None:
        seen.append((name, tuple(topics), set(args[1])))

    monkeypatch.setattr(ServiceInfra, "add_consumer", record)
    BOOTSTRAPS[service](run_workers=False)

    [(group, topics, handled)] = seen
    assert group == service  # the consumer group the document's receive operations name
    assert sorted(topics) == sorted(catalogue.subscriptions(service))
    # A handler for an event that is on no subscribed topic would never run.
    on_topics = {m.event_type for m in registry.models() if m.event_topic.name in topics}
    assert handled <= on_topics, handled - on_topics


@pytest.mark.parametrize("service", catalogue.SERVICES)
async def test_a_service_serves_the_catalogue_of_its_own_channels(service: str) -> None:
    app = BOOTSTRAPS[service](run_workers=False)
    async with AsyncClient(transport=ASGITransport(app), base_url="http://svc") as client:
        answer = await client.get("/asyncapi.json")

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    doc = answer.json()
    assert doc == orjson.loads(asyncapi.render(asyncapi.document(service)))
    assert set(doc["channels"]) == {c.topic.name for c in catalogue.channels_of(service)}

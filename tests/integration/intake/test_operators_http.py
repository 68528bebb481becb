"""What an operator sees of a real intake process: ``procnet_*`` metrics by route template,
one JSON log line format for every library, and a request id that follows an HTTP call
into the events it caused."""

from __future__ import annotations

import uuid

import httpx
import orjson
import pytest

from shared.kafka.topics import ORDERS
from tests.integration.intake.conftest import Office, order_body
from tests.support.kafka_io import read_all
from tests.support.services import RunningService
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


def samples(text: str, name: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(name + "{")]


async def test_request_metrics_by_route_template(http: httpx.AsyncClient, office: Office) -> None:
    """Before: /metrics had no HTTP metrics and nothing named procnet_*."""
    missing = uuid.uuid4()
    r = await http.get(f"/v1/orders/{missing}", headers=office.headers)
    assert r.status_code == 404
    text = (await http.get("/metrics")).text
    requests = samples(text, "procnet_http_requests_total")
    assert any(
        'route="/v1/orders/{order_id}"' in s and 'status="404"' in s and 'method="GET"' in s
        for s in requests
    ), requests
    assert str(missing) not in text  # a template, never the raw path
    assert any(
        'route="/v1/orders/{order_id}"' in s
        for s in samples(text, "procnet_http_request_duration_seconds_bucket")
    )
    backlog = samples(text, "procnet_outbox_backlog")
    assert backlog and backlog[0].startswith('procnet_outbox_backlog{schema="intake"}'), backlog
    assert samples(text, "procnet_outbox_oldest_unsent_age_seconds")
    assert 'procnet_worker_up{worker="outbox-relay"} 1.0' in text
    await http.get("/no/such/path")
    text = (await http.get("/metrics")).text
    assert any('route="unmatched"' in s for s in samples(text, "procnet_http_requests_total"))


async def test_request_id_returned_and_carried_into_the_events(
    http: httpx.AsyncClient, office: Office, bootstrap: str
) -> None:
    """Before: no X-Request-ID came back and OrderSubmitted's correlation id was its own
    event id, so nothing tied the event to the call."""
    request_id = uuid.uuid4()
    r = await http.post(
        "/v1/orders",
        json=order_body(office),
        headers={**office.headers, "X-Request-ID": str(request_id)},
    )
    assert r.status_code == 201, r.text
    assert r.headers["x-request-id"] == str(request_id)
    order_id = r.json()["id"]

    async def submitted() -> list[dict]:
        records = await read_all(bootstrap, ORDERS.name)
        return [orjson.loads(x.value) for x in records if x.key == order_id.encode()]

    (event,) = await eventually(submitted, what="OrderSubmitted")
    assert event["correlation_id"] == str(request_id)

    made = await http.get("/healthz", headers={"X-Request-ID": "not a uuid; DROP TABLE"})
    assert uuid.UUID(made.headers["x-request-id"])  # replaced by one of our own


async def test_every_log_line_is_json(
    intake: RunningService, http: httpx.AsyncClient, office: Office
) -> None:
    """uvicorn's start-up and access lines, aiokafka's and structlog's: one JSON object per
    line with level, timestamp and service. Before: uvicorn wrote plain text."""
    request_id = uuid.uuid4()
    await http.get("/v1/orders", headers={**office.headers, "X-Request-ID": str(request_id)})

    async def lines() -> list[dict]:
        return [orjson.loads(line) for line in intake.log.read_bytes().splitlines() if line]

    # Raises (JSONDecodeError) on the first line that is not JSON.
    logged = await eventually(
        lines, lambda ls: any(d.get("correlation_id") == str(request_id) for d in ls)
    )
    assert all({"event", "level", "timestamp"} <= set(d) for d in logged), logged[:3]
    assert all(d.get("service") == "intake" for d in logged)
    assert any(d.get("logger", "").startswith("uvicorn") for d in logged)

"""The HTTP metrics count every answer by route template and status, looking each series up
once (issue 18: ``labels(...)`` on every request was ~1 % of intake's CPU per order)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from shared.observability import metrics
from shared.observability.http import Observed

SERVICE = "metrics-test"


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/things/{thing}")
    async def thing(thing: int) -> dict[str, int]:
        if thing == 0:
            raise HTTPException(404, "no such thing")
        return {"thing": thing}

    app.add_middleware(Observed, service=SERVICE)
    return app


def _count(status: str) -> float:
    labels = {"service": SERVICE, "method": "GET", "route": "/things/{thing}", "status": status}
    return REGISTRY.get_sample_value("procnet_http_requests_total", labels) or 0.0


def _counting(labels: Callable[..., Any], calls: list[tuple[str, ...]]) -> Callable[..., Any]:
    def counted(*values: str) -> Any:
        calls.append(values)
        return labels(*values)

    return counted


def test_answers_are_counted_by_template_and_status_with_no_lookup_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with TestClient(_app()) as http:
        for n in (1, 0):  # each series made once
            http.get(f"/things/{n}")
        before = (_count("200"), _count("404"))
        lookups: list[tuple[str, ...]] = []
        for metric in (metrics.HTTP_REQUESTS, metrics.HTTP_DURATION, metrics.HTTP_IN_FLIGHT):
            monkeypatch.setattr(metric, "labels", _counting(metric.labels, lookups))
        for n in (1, 2, 3, 0):
            http.get(f"/things/{n}")
    assert (_count("200") - before[0], _count("404") - before[1]) == (3, 1)
    assert lookups == []
    duration = {"service": SERVICE, "method": "GET", "route": "/things/{thing}"}
    assert REGISTRY.get_sample_value("procnet_http_request_duration_seconds_count", duration) == 6

"""``/healthz`` (the process answers), ``/readyz`` (it can work: see
``shared/observability/readiness.py``), ``/metrics`` (Prometheus, ``procnet_*``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

import structlog
from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.observability.readiness import Check, Readiness

log = structlog.get_logger()
Refresh = Callable[[], Awaitable[object]]
REFRESH_TIMEOUT_S = 2.0

__all__ = ["Check", "health_router"]


def health_router(
    checks: Mapping[str, Check] | Readiness, refresh: Refresh | None = None
) -> APIRouter:
    """``refresh``: brings scrape-time gauges (outbox backlog, workers) up to date."""
    readiness = checks if isinstance(checks, Readiness) else Readiness(checks)
    router = APIRouter(tags=["operations"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz() -> JSONResponse:
        """503 names what stops the service: PostgreSQL down, Kafka or Redis down for
        longer than the grace period, or a background worker that ended."""
        ready, body = await readiness.answer()
        return JSONResponse(body, status_code=200 if ready else 503)

    @router.get("/metrics")
    async def metrics() -> Response:
        """Prometheus metrics."""
        if refresh is not None:
            try:
                await asyncio.wait_for(refresh(), REFRESH_TIMEOUT_S)
            except Exception as exc:  # the gauges keep their last values
                log.warning("metrics refresh failed", error=repr(exc))
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router

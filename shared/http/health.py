"""``/healthz`` (the process answers), ``/readyz`` (its dependencies answer), ``/metrics``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

Check = Callable[[], Awaitable[object]]
CHECK_TIMEOUT_S = 2.0


def health_router(checks: Mapping[str, Check]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz() -> JSONResponse:
        """Database, Kafka and Redis all answer; 503 names the ones that do not."""
        results = await asyncio.gather(*(_run(check) for check in checks.values()))
        status = dict(zip(checks, results, strict=True))
        ready = all(v == "ok" for v in status.values())
        return JSONResponse({"ready": ready, "checks": status}, status_code=200 if ready else 503)

    @router.get("/metrics")
    async def metrics() -> Response:
        """Prometheus metrics."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


async def _run(check: Check) -> str:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_S)
        return "ok"
    except Exception as exc:
        return f"failed: {type(exc).__name__}: {exc}"[:300]

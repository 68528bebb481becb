"""Build a service's FastAPI app: routes, errors, health, metrics and a lifespan."""

from __future__ import annotations

import functools
import gc
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import APIRouter, Depends, FastAPI, Response

from shared.events import asyncapi, catalogue
from shared.http.health import health_router
from shared.http.swagger import install_docs
from shared.identity.keys import load_keys
from shared.identity.revocation import GenerationView
from shared.observability.http import Observed
from shared.service.body_limit import BodyLimit
from shared.service.errors import ERROR_RESPONSES, install_error_handlers
from shared.service.infra import ServiceInfra
from shared.service.rate_limit import rate_limit


def create_app(
    infra: ServiceInfra,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    public_routers: Sequence[APIRouter] = (),
    run_workers: bool = True,
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if run_workers:
            await infra.start()
        freeze_startup_objects()
        try:
            yield
        finally:
            await infra.close()

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,  # served from local assets below, never a CDN
        redoc_url=None,
    )
    install_docs(app, title)
    app.state.infra = infra
    settings = infra.settings
    # Refuses to start on missing, short or published keys (shared/identity/keys.py).
    app.state.keys = load_keys(settings.env, settings.state_dir, settings.jwt_key_dir)
    app.state.token_ttl = timedelta(hours=settings.token_ttl_hours)
    app.state.generations = GenerationView(infra.redis)
    install_error_handlers(app)
    app.add_middleware(BodyLimit)  # before any route reads (and parses) the body
    # Outermost: request id and metrics for every answer, refused bodies included.
    app.add_middleware(Observed, service=settings.service_name)
    app.include_router(health_router(infra.readiness(), infra.refresh_metrics))
    app.include_router(asyncapi_router(infra.settings.service_name))
    app.state.rate_limit_per_minute = infra.settings.rate_limit_per_minute
    for router in routers:
        app.include_router(router, dependencies=[Depends(rate_limit)], responses=ERROR_RESPONSES)
    for router in public_routers:  # no token needed (the token exchange itself)
        app.include_router(router, responses=ERROR_RESPONSES)
    return app


def freeze_startup_objects() -> None:
    """Move what start-up made (modules, models, routes, ~140,000 objects in intake) out of
    the cyclic collector's reach: a full collection scanned all of them, ~0.1-0.35 s each
    on the bench machine, inside whichever request allocated at that moment (issue 18:
    samples of request code at allocation sites, p99). Garbage is collected first, so
    only live objects are frozen; what requests make later is collected as before."""
    gc.collect()
    gc.freeze()


def asyncapi_router(service: str) -> APIRouter:
    """``GET /asyncapi.json``: the event catalogue of the channels this service sends or
    receives (a service not yet in the catalogue gets the whole one)."""
    router = APIRouter()
    known = service if service in catalogue.SERVICES else None

    @router.get("/asyncapi.json", include_in_schema=False)
    async def events() -> Response:
        return Response(_catalogue_json(known), media_type="application/json")

    return router


@functools.cache  # built on the first request, not at start-up (about 0.1 s)
def _catalogue_json(service: str | None) -> bytes:
    return asyncapi.render(asyncapi.document(service))

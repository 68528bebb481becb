"""Build a service's FastAPI app: routes, errors, health, metrics and a lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from shared.http.health import health_router
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
        try:
            yield
        finally:
            await infra.close()

    app = FastAPI(title=title, description=description, version="1.0.0", lifespan=lifespan)
    app.state.infra = infra
    app.state.jwt_secret = infra.settings.jwt_secret.get_secret_value()
    install_error_handlers(app)
    app.include_router(health_router(infra.readiness_checks()))
    app.state.rate_limit_per_minute = infra.settings.rate_limit_per_minute
    for router in routers:
        app.include_router(router, dependencies=[Depends(rate_limit)], responses=ERROR_RESPONSES)
    for router in public_routers:  # no token needed (the token exchange itself)
        app.include_router(router, responses=ERROR_RESPONSES)
    return app

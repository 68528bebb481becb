"""Wire the portal: service clients, session middleware, pages, static files, errors.

No database here: the portal reads the other services over HTTP. Live updates (its own
consumer group and notifications in Redis, services/portal/live) start through
``startups``; by default that is ``start_live`` unless ``PROCNET_PORTAL_LIVE=false``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.portal.client import SERVICES, Backends
from services.portal.config import PortalSettings
from services.portal.live.startup import start_live
from services.portal.middleware import SessionMiddleware
from services.portal.readiness import portal_readiness
from services.portal.rendering import STATIC
from services.portal.routes import ROUTERS
from services.portal.routes import errors as error_pages
from services.portal.session import SessionCodec
from shared.http.health import health_router
from shared.http.vendor import vendor_dir
from shared.observability.http import Observed

# Called with the app when it starts; each returns a coroutine to await when it stops.
Startup = Callable[[FastAPI], Awaitable[Callable[[], Awaitable[None]]]]


def bootstrap(
    settings: PortalSettings | None = None,
    *,
    run_workers: bool = True,
    startups: list[Startup] | None = None,
) -> FastAPI:
    settings = settings or PortalSettings()
    hooks = startups if startups is not None else [start_live] if settings.portal_live else []
    backends = Backends(
        {name: settings.service_url(name) for name in SERVICES}, settings.backend_timeout_s
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stops = [await start(app) for start in hooks] if run_workers else []
        try:
            yield
        finally:
            for stop in reversed(stops):
                await stop()
            await backends.aclose()

    app = FastAPI(
        title="procnet portal",
        description="Web pages for offices, brokers, factories, the federation and the public.",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.backends = backends
    app.state.live = None  # the LiveStore once start_live ran (routes/live.py)
    app.add_middleware(
        SessionMiddleware,
        codec=SessionCodec(settings.session_key),
        secure=settings.portal_cookie_secure,
        default_lang=settings.default_language,
    )
    error_pages.install(app)
    app.add_middleware(Observed, service="portal")  # request ids and procnet_http_* metrics
    app.include_router(health_router(portal_readiness(app, settings)))
    for router in ROUTERS:
        app.include_router(router)
    # Pinned browser libraries (ECharts, axe-core) from vendor/web: before /static, which
    # would otherwise shadow the path.
    app.mount("/static/vendor", StaticFiles(directory=vendor_dir(), check_dir=False), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app

"""The order route's request path (issue 18): its dependencies are coroutines (FastAPI runs a
plain ``def`` dependency in its thread pool, a thread hand-off and GIL contention on every
request), few, and the app's start-up objects are out of the cyclic collector's way."""

from __future__ import annotations

import gc
import inspect

from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from services.intake.api import router
from services.intake.bootstrap import bootstrap
from shared.service.app import rate_limit


def _calls(dependant: Dependant) -> list[object]:
    found: list[object] = []
    for sub in dependant.dependencies:
        found.append(sub.call)
        found += _calls(sub)
    return found


def _is_async(call: object) -> bool:
    """A coroutine function, or an object whose ``__call__`` is one (``HTTPBearer``)."""
    return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(type(call).__call__)


def test_no_dependency_of_post_orders_runs_in_the_thread_pool() -> None:
    route = next(
        r
        for r in router.routes
        if isinstance(r, APIRoute) and r.path == "/v1/orders" and "POST" in (r.methods or ())
    )
    calls = [*_calls(route.dependant), rate_limit]
    blocking = [getattr(c, "__qualname__", repr(c)) for c in calls if not _is_async(c)]
    assert calls and not blocking, blocking


def _post_orders() -> APIRoute:
    return next(
        r
        for r in router.routes
        if isinstance(r, APIRoute) and r.path == "/v1/orders" and "POST" in (r.methods or ())
    )


def test_post_orders_solves_three_dependencies() -> None:
    """Was six (rate limit, principal, bearer credentials, role check, unit of work, infra):
    each node FastAPI solves cost about 1 % of intake's CPU per order (issue 18). Now: the
    router's rate limit (whose principal the route reuses), the principal from the bearer
    token in one node, and the role check."""
    calls = {*_calls(_post_orders().dependant), rate_limit}
    names = sorted(getattr(c, "__name__", type(c).__name__) for c in calls)
    assert len(calls) <= 3, names


def test_the_api_still_documents_bearer_auth_on_post_orders() -> None:
    """One dependency now both reads the header and verifies the token; the OpenAPI document
    still names the ``HTTPBearer`` scheme on the route, as before."""
    app = FastAPI()
    app.include_router(router, dependencies=[Depends(rate_limit)])
    doc = app.openapi()
    assert doc["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `procnet token issue`",
    }
    assert doc["paths"]["/v1/orders"]["post"]["security"] == [{"HTTPBearer": []}]


def test_the_app_freezes_its_start_up_objects_out_of_the_collector() -> None:
    """Was: every full collection walked ~140,000 start-up objects (0.1-0.35 s on the bench
    machine) inside whichever request allocated at that moment."""
    gc.unfreeze()
    with TestClient(bootstrap(run_workers=False)):
        frozen = gc.get_freeze_count()
    gc.unfreeze()
    assert frozen > 50_000, frozen

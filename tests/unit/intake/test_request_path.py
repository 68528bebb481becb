"""The order route's dependencies are coroutines: FastAPI runs a plain ``def`` dependency in
its thread pool, a thread hand-off (and GIL contention) on every request (issue 18)."""

from __future__ import annotations

import inspect

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from services.intake.api import router
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

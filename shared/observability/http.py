"""One ASGI middleware per service: request id and HTTP metrics.

Request id: a client's ``X-Request-ID`` is kept when it is a UUID, else a new UUID is
made; it is returned in the answer's ``X-Request-ID``, bound to every log line written
while the request runs, and becomes the ``correlation_id`` of every event the request
publishes (``shared.logging.correlation`` -> ``new_envelope``), which consumers carry on
into the events they publish in turn: one id from the HTTP call to its last event.

Metrics: ``procnet_http_requests_total`` and ``procnet_http_request_duration_seconds`` by
the matched route's template (``/v1/orders/{order_id}``), never the raw path; a path no
route matches counts as ``unmatched``.
"""

from __future__ import annotations

import functools
import time
import uuid

import httpx
from prometheus_client import Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.logging import correlation, current_correlation
from shared.observability.metrics import HTTP_DURATION, HTTP_IN_FLIGHT, HTTP_REQUESTS

HEADER = b"x-request-id"
UNMATCHED = "unmatched"


def request_id_from(headers: list[tuple[bytes, bytes]]) -> uuid.UUID:
    """The client's id when it is a UUID (at most 64 bytes read), else a fresh one."""
    for name, value in headers:
        if name.lower() == HEADER:
            try:
                return uuid.UUID(value[:64].decode("ascii", "replace"))
            except ValueError:
                break
    return uuid.uuid4()


class Observed:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope.get("headers", []))
        echoed = str(request_id).encode()
        status = 500  # an exception before the answer started is a server error

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (HEADER, echoed)]
            await send(message)

        started = time.perf_counter()
        in_flight = _in_flight(self.service)
        in_flight.inc()
        try:
            with correlation(str(request_id)):
                await self.app(scope, receive, send_with_id)
        finally:
            in_flight.dec()
            count, duration = _series(self.service, scope.get("method", "GET"), _template(scope))
            count[status].inc()
            duration.observe(time.perf_counter() - started)


# A metric's ``labels(...)`` takes a lock and builds its key on every call (~1 % of intake's
# CPU per order, issue 18): each service, method and route template's series are looked up
# once. The key space is small and fixed (templates, never raw paths; statuses on demand).
@functools.cache
def _in_flight(service: str) -> Gauge:
    return HTTP_IN_FLIGHT.labels(service)


@functools.cache
def _series(service: str, method: str, route: str) -> tuple[_ByStatus, Histogram]:
    return _ByStatus(service, method, route), HTTP_DURATION.labels(service, method, route)


class _ByStatus(dict[int, Counter]):
    """The request counter's series of one route, by status code, made on first use."""

    def __init__(self, *labels: str) -> None:
        super().__init__()
        self._labels = labels

    def __missing__(self, status: int) -> Counter:
        self[status] = found = HTTP_REQUESTS.labels(*self._labels, str(status))
        return found


def _template(scope: Scope) -> str:
    """The matched route's path template (Starlette puts the route in the scope)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


async def forward_request_id(request: httpx.Request) -> None:
    """httpx request hook: a call made while handling a request carries its id on, so the
    portal's call to a service (and the events it causes) share the page's request id."""
    correlation_id, _ = current_correlation()
    if correlation_id is not None and "x-request-id" not in request.headers:
        request.headers["X-Request-ID"] = str(correlation_id)

"""HTTP clients for the services the portal calls, with the caller's own token.

``Backends`` holds one connection pool per service for the process; ``UserApi`` binds them
to one request's bearer token. Every answer is JSON or an exception from ``errors``:
401 -> SessionExpired, 403 -> Forbidden, 404 -> PageNotFound, 409 -> Conflict,
422 -> FieldErrors, anything else that is not 2xx -> BackendUnavailable.
"""

from __future__ import annotations

from typing import Any

import httpx

from services.portal.client import errors
from shared.observability.http import forward_request_id

SERVICES = ("intake", "matching", "balancer", "settlement", "fulfilment")
# A PDF with an embedded CJK font takes the service seconds to render, more under load (the
# portal's 10 s for pages ran out on a shared machine): files get longer.
DOCUMENT_TIMEOUT_S = 60.0


class ServiceClient:
    def __init__(self, name: str, base_url: str, timeout: float) -> None:
        self.name = name
        self.http = httpx.AsyncClient(
            base_url=base_url, timeout=timeout, event_hooks={"request": [forward_request_id]}
        )

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        if params:
            params = {k: v for k, v in params.items() if v not in (None, "")}
        try:
            answer = await self.http.request(method, path, params=params, json=json, headers=sent)
        except httpx.HTTPError as exc:
            raise errors.BackendUnavailable(503, f"{self.name}: {type(exc).__name__}") from exc
        return _result(answer)

    async def document(
        self, path: str, *, token: str | None, params: dict[str, Any] | None = None
    ) -> httpx.Response:
        """A file the service renders (PDF, xlsx, CSV), as its raw answer: the portal passes
        it on so the browser never needs a bearer token. Errors map as ``call``'s do."""
        sent = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            answer = await self.http.get(
                path, params=params, headers=sent, timeout=DOCUMENT_TIMEOUT_S
            )
        except httpx.HTTPError as exc:
            raise errors.BackendUnavailable(503, f"{self.name}: {type(exc).__name__}") from exc
        if not answer.is_success:
            _result(answer)  # raises the page's exception for this status
        return answer

    async def aclose(self) -> None:
        await self.http.aclose()


def _result(answer: httpx.Response) -> Any:
    if answer.status_code == 204:
        return None
    try:
        body = answer.json()
    except ValueError:
        body = {"detail": answer.text[:500]}
    if answer.is_success:
        return body
    detail = body.get("detail") if isinstance(body, dict) else body
    status = answer.status_code
    if status == 401:
        raise errors.SessionExpired(status, detail)
    if status == 403:
        raise errors.Forbidden(status, detail)
    if status == 404:
        raise errors.PageNotFound(status, detail)
    if status == 409:
        raise errors.Conflict(status, detail)
    if status in (400, 422):
        raise errors.FieldErrors(errors.field_errors(detail))
    raise errors.BackendUnavailable(status, detail)


class Backends:
    """One client per service for the life of the process."""

    def __init__(self, urls: dict[str, str], timeout: float) -> None:
        self.clients = {name: ServiceClient(name, url, timeout) for name, url in urls.items()}

    def __getitem__(self, name: str) -> ServiceClient:
        return self.clients[name]

    async def aclose(self) -> None:
        for client in self.clients.values():
            await client.aclose()


class BoundClient:
    """A service's client with one caller's token (None: the service's public routes)."""

    def __init__(self, client: ServiceClient, token: str | None) -> None:
        self.client, self.token = client, token

    async def get(self, path: str, **params: Any) -> Any:
        return await self.client.call("GET", path, token=self.token, params=params)

    async def post(self, path: str, json: Any = None, headers: dict[str, str] | None = None) -> Any:
        return await self.client.call("POST", path, token=self.token, json=json, headers=headers)

    async def patch(self, path: str, json: Any = None) -> Any:
        return await self.client.call("PATCH", path, token=self.token, json=json)

    async def put(self, path: str, json: Any = None) -> Any:
        return await self.client.call("PUT", path, token=self.token, json=json)

    async def delete(self, path: str) -> Any:
        return await self.client.call("DELETE", path, token=self.token)

    async def document(self, path: str, **params: Any) -> httpx.Response:
        return await self.client.document(path, token=self.token, params=params)


class UserApi:
    """The services as one caller sees them: ``api.intake.get("/v1/orders")``."""

    def __init__(self, backends: Backends, token: str | None) -> None:
        self.intake = BoundClient(backends["intake"], token)
        self.matching = BoundClient(backends["matching"], token)
        self.balancer = BoundClient(backends["balancer"], token)
        self.settlement = BoundClient(backends["settlement"], token)
        self.fulfilment = BoundClient(backends["fulfilment"], token)

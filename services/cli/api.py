"""One small HTTP client for the three services, acting as whichever organisation a call needs.

The CLI is an ordinary API user: it signs tokens with the stack's signing key
(``<PROCNET_STATE_DIR>/identity/signing.pem``, the one the services' public keys
verify) and never touches a database. Outages (503, refused connections) are retried.
"""

from __future__ import annotations

import asyncio
import functools
import os
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from shared.identity import Role, issue_token
from shared.identity.keys import KeyRing, load_keys
from shared.settings import CommonSettings

SERVICES = ("intake", "matching", "balancer", "settlement")
DEFAULT_PORTS = {"intake": 8001, "matching": 8002, "balancer": 8003, "settlement": 8004}


class ApiError(RuntimeError):
    """A call answered with a status the caller did not expect."""

    def __init__(self, message: str, status: int | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason or message  # the API's own words, when it gave them


def refusal_reason(r: httpx.Response) -> str:
    """'field: why' from a 4xx body ({"detail": [{"field", "reason"}]} or a string)."""
    try:
        detail = r.json().get("detail")
    except (ValueError, AttributeError):
        return r.text[:200]
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        first = detail[0]
        field = f"{first['field']}: " if first.get("field") else ""
        return f"{field}{first.get('reason', '')}"
    return str(detail)[:200] if detail else r.text[:200]


@dataclass(frozen=True)
class Urls:
    intake: str
    matching: str
    balancer: str
    settlement: str = f"http://127.0.0.1:{DEFAULT_PORTS['settlement']}"

    @classmethod
    def from_env(cls, **given: str | None) -> Urls:
        """Options win, then PROCNET_<SERVICE>_URL, then 127.0.0.1 on the default port."""
        found = {}
        for s in SERVICES:
            env = os.environ.get(f"PROCNET_{s.upper()}_URL")
            found[s] = given.get(s) or env or f"http://127.0.0.1:{DEFAULT_PORTS[s]}"
        return cls(**{k: v.rstrip("/") for k, v in found.items()})


@functools.cache
def signing_keys() -> KeyRing:
    s = CommonSettings()
    return load_keys(s.env, s.state_dir, s.jwt_key_dir)


class Api:
    def __init__(self, urls: Urls, concurrency: int = 16) -> None:
        self.urls = urls
        self._keys = signing_keys()
        self._tokens: dict[tuple[uuid.UUID, Role], dict[str, str]] = {}
        self._gate = asyncio.Semaphore(concurrency)
        self._http = httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64))

    async def __aenter__(self) -> Api:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    def as_(self, org: uuid.UUID, role: Role, name: str = "") -> dict[str, str]:
        key = (org, role)
        if key not in self._tokens:
            token = issue_token(self._keys, org, role, name=name)
            self._tokens[key] = {"Authorization": f"Bearer {token}"}
        return self._tokens[key]

    async def call(
        self,
        service: str,
        method: str,
        path: str,
        who: dict[str, str],
        ok: tuple[int, ...] = (200, 201, 204),
        **kwargs: Any,
    ) -> httpx.Response:
        url = getattr(self.urls, service) + path
        headers = {**who, **kwargs.pop("headers", {})}
        for attempt in range(6):
            try:
                async with self._gate:
                    r = await self._http.request(method, url, headers=headers, **kwargs)
            except httpx.TransportError:
                if attempt == 5:
                    raise
            else:
                if r.status_code in ok:
                    return r
                if r.status_code not in (429, 503):
                    raise ApiError(
                        f"{method} {path}: {r.status_code} {r.text[:300]}",
                        r.status_code,
                        refusal_reason(r),
                    )
                if "Retry-After" in r.headers:  # rate limited or briefly unavailable
                    await asyncio.sleep(min(float(r.headers["Retry-After"]), 10.0))
                    continue
            await asyncio.sleep(0.2 * 2**attempt)
        raise ApiError(f"{method} {path}: still unavailable")

    async def json(
        self, service: str, method: str, path: str, who: dict[str, str], **kw: Any
    ) -> Any:
        return (await self.call(service, method, path, who, **kw)).json()

"""Finding 1/4: the token exchange off the event loop, equal-time for unknown organisations,
throttled, and its tokens revoked when the organisation's secret is rotated."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI, Request
from httpx import ASGITransport, AsyncClient

from shared.http.health import health_router
from shared.identity import Principal, Role
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.identity.keys import KeyRing, ensure_keys
from shared.identity.revocation import GenerationView
from shared.identity.secrets import hash_secret
from shared.identity.token_exchange import token_router


class DictRedis:
    """Stands in for Redis in this unit test only (the integration tests use the real one)."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.data.get(key)

    async def set(self, key: str, value: str, ex: int | None = None) -> None:
        self.data[key] = value


ORG = uuid.uuid4()
SECRETS: dict[uuid.UUID, str] = {ORG: hash_secret("right")}


async def lookup(request: Request, org_id: uuid.UUID) -> tuple[str | None, Role, str] | None:
    return (SECRETS[org_id], Role.OFFICE, "Jinyun Yiwu office") if org_id in SECRETS else None


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[AsyncClient]:
    ensure_keys(tmp_path)
    app = FastAPI()
    app.state.keys = KeyRing.load(tmp_path)
    app.state.token_ttl = timedelta(hours=12)
    app.state.generations = GenerationView(DictRedis())  # type: ignore[arg-type]
    app.include_router(health_router({}))
    app.include_router(token_router(lookup))
    me = APIRouter()

    @me.get("/me")
    async def whoami(who: CurrentPrincipal) -> dict[str, Any]:
        return {"org": str(who.org_id)}

    app.include_router(me)
    async with AsyncClient(transport=ASGITransport(app), base_url="http://t") as client:
        yield client


async def test_sixteen_exchanges_leave_the_event_loop_free(
    http: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: scrypt on the event loop held /healthz for 0.9 s under 16 exchanges. The
    check is where scrypt runs (deterministic); the loop's stall is only reported, since
    on a shared 2-core machine the OS alone can pause the process longer than 50 ms."""
    import threading

    import shared.identity.secrets as secrets

    on_loop: list[bool] = []
    real = secrets.verify_secret

    def spy(secret: str, stored: str | None) -> bool:
        on_loop.append(threading.current_thread() is threading.main_thread())
        return real(secret, stored)

    monkeypatch.setattr(secrets, "verify_secret", spy)
    lag = 0.0

    async def ticker() -> None:
        nonlocal lag
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.005)
            lag = max(lag, time.perf_counter() - start - 0.005)

    tick = asyncio.create_task(ticker())
    body = {"org_id": str(ORG), "secret": "right"}
    results = await asyncio.wait_for(
        asyncio.gather(*(http.post("/v1/token", json=body) for _ in range(16))), 30
    )
    tick.cancel()
    assert all(r.status_code == 200 for r in results)
    assert on_loop and not any(on_loop), "scrypt ran on the event loop"
    print(f"event loop stalled at most {lag * 1000:.0f} ms")


async def test_unknown_organisation_takes_as_long_as_a_known_one(http: AsyncClient) -> None:
    """Was: 2.6 ms for an unknown organisation against 74 ms for a known one."""

    async def timed(org: uuid.UUID) -> float:
        start = time.perf_counter()
        r = await http.post("/v1/token", json={"org_id": str(org), "secret": "wrong"})
        assert r.status_code == 401
        return time.perf_counter() - start

    known = min([await timed(ORG) for _ in range(3)])
    unknown = min([await timed(uuid.uuid4()) for _ in range(3)])
    assert unknown > known * 0.5, (known, unknown)


async def test_repeated_failures_are_slowed_then_blocked(
    http: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: 60 wrong secrets in a row each got a quick 401."""
    import shared.identity.throttle as throttle

    monkeypatch.setattr(throttle, "BASE_DELAY_S", 0.01)  # the delays are unit-tested
    monkeypatch.setattr(throttle, "MAX_DELAY_S", 0.05)
    org = uuid.uuid4()
    SECRETS[org] = hash_secret("right")
    statuses = []
    for _ in range(25):
        r = await http.post("/v1/token", json={"org_id": str(org), "secret": "wrong"})
        statuses.append(r.status_code)
        if r.status_code == 429:
            assert int(r.headers["Retry-After"]) > 0
            break
    assert statuses[-1] == 429 and statuses.count(401) == 20
    blocked = await http.post("/v1/token", json={"org_id": str(org), "secret": "right"})
    assert blocked.status_code == 429  # even the right secret waits out the block


async def test_rotation_revokes_the_tokens_of_the_old_secret(http: AsyncClient) -> None:
    """Was: rotating an organisation's secret left its tokens valid for 7 days."""
    org = uuid.uuid4()
    SECRETS[org] = hash_secret("first")
    r = await http.post("/v1/token", json={"org_id": str(org), "secret": "first"})
    old = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert r.json()["expires_in"] == 12 * 3600
    assert (await http.get("/me", headers=old)).status_code == 200

    SECRETS[org] = hash_secret("second")  # what rotate_secret stores
    r = await http.post("/v1/token", json={"org_id": str(org), "secret": "second"})
    new = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert (await http.get("/me", headers=new)).status_code == 200
    refused = await http.get("/me", headers=old)
    assert refused.status_code == 401 and "rotated" in refused.json()["detail"]


def test_operator_tokens_carry_no_generation() -> None:
    assert Principal(ORG, Role.ADMIN).generation is None

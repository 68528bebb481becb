"""200 concurrent accepts over HTTP on 10 one-unit offers: exactly 10 succeed, 20 rounds."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.chaos.flows import (
    Office,
    accept,
    broker,
    ledger_mismatches,
    new_office,
    order_body,
    register,
    rows,
    scalar,
    soon,
)
from tests.chaos.procs import Service
from tests.support.tokens import admin
from tests.support.waiting import eventually

ROUNDS, OFFERS, ACCEPTS, CATEGORY = 20, 10, 200, "bead_work"
pytestmark = pytest.mark.timeout(900)


async def test_two_hundred_concurrent_accepts_on_ten_offers(
    intake: Service,
    matching: Service,
    intake_http: httpx.AsyncClient,
    matching_http: httpx.AsyncClient,
    db: AsyncEngine,
    record: Callable[..., None],
) -> None:
    """Each round: a provider with 10 units a day gets 10 one-unit orders from intake.

    Breaks: 200 accept requests race over HTTP, 20 on each of the 10 offers, shuffled.
    Does: 20 rounds, each with a fresh provider (the previous one is set to 0 units a day).
    Holds: every round exactly 10 accepts answer 200 and 190 answer 409; one job per offer;
    booked equals the jobs and never exceeds capacity; intake sees all 200 orders PLACED.
    """
    office, all_orders = await new_office(intake_http), []
    for n in range(ROUNDS):
        provider = await register(matching_http, category=CATEGORY, units=OFFERS)
        orders = await _ten_orders(intake_http, office, n)
        offers = await eventually(
            lambda o=orders: _open_offers(matching_http, o),  # type: ignore[misc]
            lambda found: len(found) == OFFERS,
            timeout=60,
            what=f"round {n} offers",
        )
        codes = await _race(matching_http, offers)
        assert codes == Counter({200: OFFERS, 409: ACCEPTS - OFFERS}), f"round {n}: {codes}"
        await _one_job_per_offer(db, provider, orders)
        await _retire(matching_http, provider)
        all_orders += orders
    placed = await eventually(
        lambda: _placed(db, all_orders), lambda k: k == len(all_orders), timeout=60
    )
    record(rounds=ROUNDS, accepts_per_round=ACCEPTS, won_per_round=OFFERS, placed=placed)


async def _ten_orders(http: httpx.AsyncClient, office: Office, n: int) -> list[str]:
    ids = []
    for _ in range(OFFERS):
        body = order_body(
            office,
            category=CATEGORY,
            quantity=1,
            min_lot=1,
            materials_ready=str(soon(200 + 2 * n)),
            deadline=str(soon(206 + 2 * n)),
        )
        r = await http.post("/v1/orders", json=body, headers=office.headers)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


async def _open_offers(http: httpx.AsyncClient, orders: list[str]) -> list[dict[str, Any]]:
    r = await http.get("/v1/offers", params={"limit": 1000}, headers=admin())
    return [o for o in r.json() if o["order_id"] in set(orders)]


async def _race(http: httpx.AsyncClient, offers: list[dict[str, Any]]) -> Counter[int]:
    """Fresh connections (no keep-alive), as 200 brokers' phones would open them."""
    attempts = [o for o in offers for _ in range(ACCEPTS // OFFERS)]
    random.shuffle(attempts)
    limits = httpx.Limits(max_connections=ACCEPTS, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=http.base_url, timeout=60, limits=limits) as fresh:
        return Counter(await asyncio.gather(*(accept(fresh, o) for o in attempts)))


async def _one_job_per_offer(db: AsyncEngine, provider: uuid.UUID, orders: list[str]) -> None:
    ids = [uuid.UUID(o) for o in orders]
    jobs = await rows(
        db, "SELECT offer_id, units FROM matching.jobs WHERE order_id = ANY(:i)", i=ids
    )
    assert len(jobs) == OFFERS == len({j[0] for j in jobs}) and {j[1] for j in jobs} == {1}
    assert await ledger_mismatches(db, [provider]) == []
    booked = "SELECT sum(booked) FROM matching.capacity_days WHERE provider_id = :p"
    assert await scalar(db, booked, p=provider) == OFFERS


async def _retire(http: httpx.AsyncClient, provider: uuid.UUID) -> None:
    r = await http.put(
        f"/v1/providers/{provider}/capacity/{CATEGORY}",
        json={"units_per_day": 0},
        headers=broker(provider),
    )
    assert r.status_code == 200, r.text


async def _placed(db: AsyncEngine, orders: list[str]) -> int:
    sql = "SELECT count(*) FROM intake.orders WHERE id = ANY(:i) AND status = 'PLACED'"
    return int(await scalar(db, sql, i=[uuid.UUID(o) for o in orders]))

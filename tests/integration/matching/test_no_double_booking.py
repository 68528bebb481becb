"""200 concurrent attempts on a provider's last 10 units succeed exactly 10 times, every time."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from services.matching.adapters import ledger
from shared.db.engine import make_sessionmaker
from shared.region import clock
from tests.integration.matching.conftest import broker, of_type, order, register, submit
from tests.integration.matching.test_matching_flow import offers_of
from tests.support.stack import role_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
ROUNDS, ATTEMPTS, LAST_UNITS = 20, 200, 10


@pytest.fixture
async def matching_engine(http: httpx.AsyncClient) -> AsyncIterator[AsyncEngine]:  # migrated
    url = role_url("matching")
    engine = create_async_engine(
        url,
        pool_size=ATTEMPTS,
        max_overflow=0,
        connect_args={"server_settings": {"search_path": "matching"}},
    )
    yield engine
    await engine.dispose()


async def attempt(engine: AsyncEngine, provider_id: uuid.UUID, day: date) -> bool:
    async with make_sessionmaker(engine)() as s, s.begin():
        try:
            await ledger.hold(s, provider_id, "bead_work", {day: 1})
            return True
        except ledger.NotEnoughCapacity:
            return False


async def test_concurrent_holds_never_exceed_the_last_units(
    http: httpx.AsyncClient, matching_engine: AsyncEngine
) -> None:
    provider_id = await register(http, category="bead_work", units=50)
    start = clock.today() + timedelta(days=400)
    for n in range(ROUNDS):
        day = start + timedelta(days=n)
        async with matching_engine.begin() as conn:  # 40 of 50 units already taken
            await conn.execute(
                sa.text(
                    "INSERT INTO capacity_days (provider_id, category, day, capacity, held, "
                    "booked) VALUES (:p, 'bead_work', :d, 50, 15, 25)"
                ),
                {"p": provider_id, "d": day},
            )
        results = await asyncio.gather(
            *(attempt(matching_engine, provider_id, day) for _ in range(ATTEMPTS))
        )
        assert sum(results) == LAST_UNITS, f"round {n}: {sum(results)} holds succeeded"
        async with matching_engine.connect() as conn:
            held = await conn.scalar(
                sa.text("SELECT held FROM capacity_days WHERE provider_id = :p AND day = :d"),
                {"p": provider_id, "d": day},
            )
        assert held == 15 + LAST_UNITS


async def test_the_database_refuses_overbooking_even_without_the_guard(
    matching_engine: AsyncEngine,
) -> None:
    async with matching_engine.connect() as conn:
        with pytest.raises(sa.exc.IntegrityError, match="no_double_booking"):
            await conn.execute(
                sa.text(
                    "UPDATE capacity_days SET held = capacity + 1"
                    " WHERE day = (SELECT min(day) FROM capacity_days)"
                )
            )


async def test_two_hundred_concurrent_accepts_of_one_offer_make_one_job(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    await register(http, category="bead_work", units=30)
    o = order(category="bead_work", quantity=60, min_lot=60)
    await submit(bootstrap, o)
    offered = of_type(await offers_of(bootstrap, o.order_id), "JobOffered")[0]["payload"]
    p = uuid.UUID(offered["provider_id"])
    url = f"/v1/offers/{offered['offer_id']}/accept"
    responses = await asyncio.gather(*(http.post(url, headers=broker(p)) for _ in range(ATTEMPTS)))
    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) == 1 and codes.count(409) == ATTEMPTS - 1, set(codes)
    jobs = await eventually(lambda: _jobs(http, p, o.order_id), timeout=10)
    assert len(jobs) == 1 and jobs[0]["units"] == 60


async def _jobs(http: httpx.AsyncClient, p: uuid.UUID, order_id: uuid.UUID) -> list[dict]:
    return (
        await http.get("/v1/jobs", params={"order_id": str(order_id)}, headers=broker(p))
    ).json()

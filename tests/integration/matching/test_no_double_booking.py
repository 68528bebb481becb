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
from services.matching.domain import CapacityCalendar
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


async def hold_round(
    engine: AsyncEngine, lots: list[tuple[CapacityCalendar, dict[date, int]]]
) -> bool:
    """One matcher round's holds (``ledger.hold_all``), rolled back (as the matcher's
    savepoint is) when any day does not fit."""
    try:
        async with make_sessionmaker(engine)() as s, s.begin():
            await ledger.hold_all(s, lots)
        return True
    except ledger.NotEnoughCapacity:
        return False


async def held_on(engine: AsyncEngine, provider_id: uuid.UUID, day: date) -> int | None:
    async with engine.connect() as conn:
        return await conn.scalar(
            sa.text("SELECT held FROM capacity_days WHERE provider_id = :p AND day = :d"),
            {"p": provider_id, "d": day},
        )


async def test_a_rounds_lots_on_one_provider_day_are_summed_all_or_none(
    http: httpx.AsyncClient, matching_engine: AsyncEngine
) -> None:
    """Two orders' lots on one day: 6 + 6 of 10 free fails whole (one UPDATE changes a
    row once, so the units must be summed first), 4 + 6 fits exactly."""
    provider_id = await register(http, category="bead_work", units=10)
    cal = CapacityCalendar(provider_id, "bead_work", base_units=10)
    day = clock.today() + timedelta(days=500)
    other = day + timedelta(days=1)
    assert not await hold_round(matching_engine, [(cal, {day: 6}), (cal, {day: 6, other: 1})])
    assert await held_on(matching_engine, provider_id, other) in (None, 0)  # nothing kept
    assert await hold_round(matching_engine, [(cal, {day: 4}), (cal, {day: 6, other: 1})])
    assert await held_on(matching_engine, provider_id, day) == 10
    assert await held_on(matching_engine, provider_id, other) == 1


async def test_concurrent_rounds_never_exceed_the_last_units(
    http: httpx.AsyncClient, matching_engine: AsyncEngine
) -> None:
    """Rounds of two one-unit lots on two shared days, 100 at once, 10 units free a day:
    exactly 10 rounds succeed and no day is held past its capacity."""
    provider_id = await register(http, category="bead_work", units=10)
    cal = CapacityCalendar(provider_id, "bead_work", base_units=10)
    first = clock.today() + timedelta(days=600)
    days = [first, first + timedelta(days=1)]
    rounds = [[(cal, {days[0]: 1}), (cal, {days[1]: 1})] for _ in range(100)]
    results = await asyncio.gather(*(hold_round(matching_engine, lots) for lots in rounds))
    assert sum(results) == 10
    assert [await held_on(matching_engine, provider_id, d) for d in days] == [10, 10]


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

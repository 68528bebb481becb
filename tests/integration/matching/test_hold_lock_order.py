"""Two matcher rounds holding overlapping provider-days both finish (issue 17): the bulk
hold locks its rows in key order whatever plan PostgreSQL picks for the UPDATE.

The two rounds here run under opposite planner settings, so the old bulk UPDATE locked
one round's rows in the table's physical order (a hash join over a sequential scan;
the rows are stored newest day first) and the other's in day order (a nested loop over
the primary key): they met in the middle and PostgreSQL rolled one back as a deadlock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from services.matching.adapters import ledger
from services.matching.domain import CapacityCalendar
from shared.db.engine import make_sessionmaker
from tests.integration.matching.conftest import register
from tests.support.stack import role_url

pytestmark = pytest.mark.integration
DAYS, FILLER, PAIRS = 1500, 20_000, 20
# A nested loop over the primary key (day order) and a hash join over a sequential scan
# (the table's physical order): the two plans the old UPDATE could lock rows in.
BY_INDEX = {"enable_seqscan": "off", "enable_hashjoin": "off", "enable_mergejoin": "off"}
BY_SCAN = {"enable_indexscan": "off", "enable_bitmapscan": "off", "enable_nestloop": "off"}


def engine_with(settings: dict[str, str]) -> AsyncEngine:
    server = {"search_path": "matching", **settings}
    return create_async_engine(role_url("matching"), connect_args={"server_settings": server})


@pytest.fixture
async def engines(http: httpx.AsyncClient) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    pair = engine_with(BY_INDEX), engine_with(BY_SCAN)
    yield pair
    for e in pair:
        await e.dispose()


async def hold(engine: AsyncEngine, cal: CapacityCalendar, days: list[date]) -> None:
    async with make_sessionmaker(engine)() as s, s.begin():
        await ledger.hold_all(s, [(cal, dict.fromkeys(days, 1))])


async def test_two_rounds_on_overlapping_days_both_finish(
    http: httpx.AsyncClient, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    provider_id = await register(http, category="bead_work", units=100)
    cal = CapacityCalendar(provider_id, "bead_work", base_units=100)
    first = date(2040, 1, 1)  # the ledger takes any day; out of every other test's way
    days = [first + timedelta(days=n) for n in range(DAYS)]
    # The round's days stored newest first, then more days than a round holds, so the
    # hash join hashes the round and scans the table (in its physical order).
    filler = [first + timedelta(days=DAYS + n) for n in range(FILLER)]
    async with engines[0].begin() as conn:
        await conn.execute(
            sa.text(
                "INSERT INTO capacity_days (provider_id, category, day, capacity)"
                " SELECT :p, 'bead_work', d, 100 FROM unnest(CAST(:days AS date[])) AS d"
            ),
            {"p": provider_id, "days": list(reversed(days)) + filler},
        )
    for n in range(PAIRS):
        results = await asyncio.gather(
            hold(engines[0], cal, days), hold(engines[1], cal, days), return_exceptions=True
        )
        failed = [r for r in results if isinstance(r, BaseException)]
        assert not failed, f"pair {n}: {failed[0]!r}"
    async with engines[0].connect() as conn:
        held = await conn.scalar(
            sa.text("SELECT min(held) FROM capacity_days WHERE provider_id = :p AND day < :end"),
            {"p": provider_id, "end": first + timedelta(days=DAYS)},
        )
    assert held == 2 * PAIRS

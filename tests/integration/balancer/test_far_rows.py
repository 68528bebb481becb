"""Far rows already stored do not pin the balancer (issue 17): a calendar exception to
year 8369 and a job due 9999-12-31, written straight into its tables past the request
bounds, leave the load views answering at once and /readyz up. On the old code the
exception expanded 2.3 million days per view and the job raised OverflowError (500)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.region import clock
from tests.support.services import RunningService
from tests.support.stack import role_url
from tests.support.tokens import admin

pytestmark = pytest.mark.integration
CATEGORY = "crochet"


@pytest.fixture
async def engine(balancer: RunningService) -> AsyncIterator[AsyncEngine]:
    e = create_async_engine(
        role_url("balancer"), connect_args={"server_settings": {"search_path": "balancer"}}
    )
    yield e
    await e.dispose()


async def test_far_rows_leave_the_load_views_and_readiness_up(
    http: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    provider_id, job_id = uuid.uuid4(), uuid.uuid4()
    rows = [
        ("INSERT INTO providers (id, name, county, village, mode) "
         "VALUES (:p, 'far rows', 'jinyun', 'Hutang', 'factory')"),
        "INSERT INTO provider_capacity (provider_id, category, units_per_day) VALUES (:p, :c, 10)",
        ('INSERT INTO calendar_exceptions (id, provider_id, category, start, "end", '
         "units_per_day, removed) VALUES (:e, :p, :c, :today, '8369-01-01', 5, false)"),
        ("INSERT INTO jobs (id, order_id, provider_id, category, units, start, deadline) "
         "VALUES (:j, :o, :p, :c, 10, :today, '9999-12-31')"),
    ]  # fmt: skip
    params = {
        "p": provider_id,
        "c": CATEGORY,
        "e": uuid.uuid4(),
        "j": job_id,
        "o": uuid.uuid4(),
        "today": clock.today(),
    }
    async with engine.begin() as conn:
        for statement in rows:
            await conn.execute(sa.text(statement), params)
    try:
        started = time.perf_counter()
        r = await http.get(
            "/v1/load/providers", params={"provider_id": str(provider_id)}, headers=admin()
        )
        assert r.status_code == 200, r.text
        assert time.perf_counter() - started < 20
        weeks = [w for w in r.json() if w["category"] == CATEGORY]
        assert weeks and all(w["capacity_units"] <= 5 * 7 for w in weeks)
        assert (await http.get("/v1/load/counties", headers=admin())).status_code == 200
        assert (await http.get("/readyz")).status_code == 200
    finally:
        async with engine.begin() as conn:  # out of the other tests' load views
            await conn.execute(
                sa.text("UPDATE jobs SET closed = 'cancelled' WHERE id = :j"), {"j": job_id}
            )
            await conn.execute(
                sa.text("DELETE FROM provider_capacity WHERE provider_id = :p"),
                {"p": provider_id},
            )

"""The chaos stack and one intake, one matching and one balancer process for every check.

Nothing here is collected by ``make test``: the checks only run when
``PROCNET_CHAOS=1`` (``make chaos``), on their own ports and state dir.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from tests.chaos import report, stack
from tests.chaos.procs import Service
from tests.chaos.saga_check import Stage
from tests.chaos.seasonal import Story, book_the_workshop, retire
from tests.support.stack import admin_url, kafka_bootstrap

if os.environ.get("PROCNET_CHAOS") != "1":
    collect_ignore_glob = ["test_*.py"]
else:
    stack.use_chaos_stack()

RUNNING: list[Service] = []
FAST_EXPIRY = {"PROCNET_EXPIRY_CHECK_SECONDS": "0.2", "PROCNET_EXPIRY_SWEEP_SECONDS": "1"}
# Fast rounds, so a requested rebalance runs within a fraction of a second, not a minute.
FAST_BALANCER = {"PROCNET_REBALANCE_POLL_S": "0.2", "PROCNET_EXPIRY_POLL_S": "0.5"}


@pytest.fixture(scope="session", autouse=True)
def chaos_stack() -> None:
    stack.prepare()
    report.RESULTS.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def bootstrap(chaos_stack: None) -> str:
    return kafka_bootstrap()


@pytest.fixture(scope="session")
async def db(chaos_stack: None) -> AsyncIterator[AsyncEngine]:
    """Superuser connections, one per query, so a PostgreSQL restart leaves nothing stale."""
    engine = create_async_engine(admin_url(), poolclass=NullPool)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def intake(chaos_stack: None) -> AsyncIterator[Service]:
    with _running(Service("intake")) as service:
        yield service


@pytest.fixture(scope="session")
async def matching(chaos_stack: None, db: AsyncEngine) -> AsyncIterator[Service]:
    await _empty_schema(db, "matching")  # earlier runs' providers would compete for orders
    with _running(Service("matching", env=FAST_EXPIRY)) as service:
        yield service


@pytest.fixture(scope="session")
async def balancer(chaos_stack: None, db: AsyncEngine) -> AsyncIterator[Service]:
    await _empty_schema(db, "balancer")  # earlier runs' late jobs would compete for loans
    with _running(Service("balancer", env=FAST_BALANCER)) as service:
        yield service


@pytest.fixture(autouse=True)
def revive() -> Iterator[None]:
    """A check that leaves a service killed or paused must not break the next one."""
    yield
    for service in RUNNING:
        service.revive()


@pytest.fixture
async def intake_http(intake: Service) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as client:
        yield client


@pytest.fixture
async def matching_http(matching: Service) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=300, max_keepalive_connections=300)
    async with httpx.AsyncClient(base_url=matching.url, timeout=60, limits=limits) as client:
        yield client


@pytest.fixture
async def balancer_http(balancer: Service) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=balancer.url, timeout=30) as client:
        yield client


@pytest.fixture
def stage(
    balancer: Service,
    balancer_http: httpx.AsyncClient,
    matching_http: httpx.AsyncClient,
    db: AsyncEngine,
    bootstrap: str,
) -> Stage:
    return Stage(balancer, balancer_http, matching_http, db, bootstrap)


@pytest.fixture
async def seasonal_story(stage: Stage, intake_http: httpx.AsyncClient) -> AsyncIterator[Story]:
    """A workshop booked full and three lenders; retired afterwards (other checks weld too)."""
    story = await book_the_workshop(intake_http, stage.matching, stage.http, stage.db)
    yield story
    stage.balancer.revive()  # a failed check may leave it killed or paused
    await retire(stage.matching, stage.http, stage.db, story)


@pytest.fixture
def record(request: pytest.FixtureRequest) -> Callable[..., None]:
    """``record(outage_s=10.2, ...)``: key numbers for the summary table."""
    numbers: dict[str, Any] = {}
    request.node.chaos_numbers = numbers
    return numbers.update


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    rep = yield
    if rep.when == "call" or (rep.when == "setup" and not rep.passed):
        doc = getattr(getattr(item, "obj", None), "__doc__", None) or ""
        outcome = "xfailed" if getattr(rep, "wasxfail", None) and rep.skipped else rep.outcome
        report.append(
            {
                "check": item.name.removeprefix("test_"),
                "breaks": report.section(doc, "Breaks"),
                "holds": report.section(doc, "Holds"),
                "outcome": outcome,
                "numbers": getattr(item, "chaos_numbers", {}),
            }
        )
    return rep


@contextmanager
def _running(service: Service) -> Iterator[Service]:
    service.start()
    RUNNING.append(service)
    try:
        yield service
    finally:
        RUNNING.remove(service)
        service.stop()


async def _empty_schema(db: AsyncEngine, schema: str) -> None:
    async with db.begin() as conn:
        names = (
            await conn.scalars(
                sa.text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = :s"
                    " AND tablename <> 'alembic_version'"
                ),
                {"s": schema},
            )
        ).all()
        if names:
            await conn.execute(
                sa.text("TRUNCATE " + ", ".join(f"{schema}.{n}" for n in names) + " CASCADE")
            )

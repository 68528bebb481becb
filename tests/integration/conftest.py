"""Fixtures on the real test stack: a private schema and private topics per test."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.db.engine import make_engine
from shared.db.messaging_tables import (
    MessagingTables,
    add_messaging_tables,
    create_messaging_tables,
)
from tests.support.services import RunningService, migrate, running_service
from tests.support.stack import admin_url, ensure_stack_running, kafka_bootstrap

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session", autouse=True)
def stack() -> None:
    ensure_stack_running()


@pytest.fixture(scope="session")
def bootstrap(stack: None) -> str:
    return kafka_bootstrap()


@pytest.fixture
async def schema(stack: None) -> AsyncIterator[str]:
    """A throwaway schema with the messaging tables, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(admin_url())
    async with admin.begin() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        await conn.run_sync(create_messaging_tables, name)
    yield name
    async with admin.begin() as conn:
        await conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
    await admin.dispose()


@pytest.fixture
async def engine(schema: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(admin_url(), schema=schema, pool_size=5)
    yield eng
    await eng.dispose()


@pytest.fixture
def tables() -> MessagingTables:
    return add_messaging_tables(sa.MetaData())


# One process per service for the whole session, shared by every test that needs it.
# The balancer tests run before the real matching starts (directory order), so
# their fake matching participant is the only one answering transfers.


@pytest.fixture(scope="session")
def balancer(stack: None) -> Iterator[RunningService]:
    migrate("balancer")
    # Fast rounds so tests wait for conditions in seconds, not minutes.
    fast = {"PROCNET_REBALANCE_POLL_S": "0.2", "PROCNET_EXPIRY_POLL_S": "0.5"}
    with running_service("balancer", **fast) as service:
        yield service


@pytest.fixture(scope="session")
def intake(stack: None) -> Iterator[RunningService]:
    migrate("intake")
    with running_service("intake") as service:
        yield service


@pytest.fixture(scope="session")
def matching(stack: None) -> Iterator[RunningService]:
    migrate("matching")
    asyncio.run(_empty_matching_schema())  # earlier runs' providers would compete for orders
    fast = {"PROCNET_EXPIRY_CHECK_SECONDS": "0.2", "PROCNET_EXPIRY_SWEEP_SECONDS": "1"}
    with running_service("matching", **fast) as service:
        yield service


async def _empty_matching_schema() -> None:
    engine = create_async_engine(admin_url())
    async with engine.begin() as conn:
        names = (
            (
                await conn.execute(
                    sa.text(
                        "SELECT tablename FROM pg_tables"
                        " WHERE schemaname = 'matching' AND tablename <> 'alembic_version'"
                    )
                )
            )
            .scalars()
            .all()
        )
        await conn.execute(
            sa.text("TRUNCATE " + ", ".join(f"matching.{n}" for n in names) + " CASCADE")
        )
    await engine.dispose()


@pytest.fixture(scope="session")
def fulfilment(stack: None) -> Iterator[RunningService]:
    migrate("fulfilment")
    with running_service("fulfilment") as service:
        yield service


@pytest.fixture(scope="session")
def settlement(stack: None) -> Iterator[RunningService]:
    migrate("settlement")
    with running_service("settlement") as service:
        yield service

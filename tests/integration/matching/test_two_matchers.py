"""Two matching processes on one stack, their rounds competing for one provider's days
(issue 18): neither deadlocks, no day is promised twice, every order is settled.

A burst of orders on one provider, more than it can make: both processes' consumers
store their partitions' orders, both matchers claim from the one pending queue
(``FOR UPDATE SKIP LOCKED``) and hold the same provider-days in overlapping rounds.
A round that loses a day to the other process goes lot by lot and leaves the rest
pending; PostgreSQL must never have to break a deadlock between them.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.events import new_envelope
from shared.kafka.topics import ORDERS as ORDERS_TOPIC
from tests.integration.matching.conftest import order, send_envelopes, soon
from tests.integration.matching.test_capacity_rules import define_and_register, fresh_code
from tests.support.kafka_io import members
from tests.support.ledger_check import ledger_mismatches
from tests.support.services import RunningService, running_service
from tests.support.stack import admin_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
ORDERS, QTY, UNITS_PER_DAY, DAYS = 120, 30, 40, 6
FAST = {"PROCNET_EXPIRY_CHECK_SECONDS": "0.2", "PROCNET_EXPIRY_SWEEP_SECONDS": "1"}


@pytest.fixture
def second_matching(matching: RunningService) -> Iterator[RunningService]:
    with running_service("matching", **FAST) as service:
        yield service


@pytest.fixture
async def db() -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(admin_url())
    yield engine
    await engine.dispose()


async def test_two_matchers_on_the_same_days_neither_deadlock_nor_double_book(
    http: httpx.AsyncClient,
    matching: RunningService,
    second_matching: RunningService,
    db: AsyncEngine,
    bootstrap: str,
    retire: list[tuple[uuid.UUID, str]],
) -> None:
    # A category of this test's own: in a full run, earlier tests' providers of a shared
    # category would win the burst's orders and leave this provider's days untouched.
    code = fresh_code("knitting")
    provider = await define_and_register(http, bootstrap, code, units=UNITS_PER_DAY)
    retire.append((provider, code))
    deadlocks = await _deadlocks(db)
    logs = {s.log: s.log.stat().st_size for s in (matching, second_matching)}
    burst = [
        order(
            category=code,
            quantity=QTY,
            min_lot=10,
            materials_ready=soon(1),
            deadline=soon(DAYS),
        )
        for _ in range(ORDERS)
    ]
    # Both in the group before the burst, or one process could take every partition.
    # CI on 893bf0e: counted as two while the rebalance was under way, one took all 120.
    await eventually(
        lambda: members(bootstrap, "matching", settled=True), lambda n: n == 2, timeout=60
    )
    applied = {s.url: _applied(s) for s in (matching, second_matching)}
    await send_envelopes(
        bootstrap, ORDERS_TOPIC, [new_envelope(o, key=str(o.order_id)) for o in burst]
    )
    ids = [o.order_id for o in burst]
    await eventually(
        lambda: _states(db, ids),
        lambda s: s.get("settled", 0) == ORDERS,
        timeout=120,
        what=f"all {ORDERS} orders settled by the two matchers",
    )
    assert await ledger_mismatches(db, [provider]) == []
    held = await _scalar(
        db, "SELECT sum(held) FROM matching.capacity_days WHERE provider_id = :p", p=provider
    )
    offered = await _scalar(
        db,
        "SELECT coalesce(sum(units), 0) FROM matching.offers"
        " WHERE provider_id = :p AND status = 'open'",
        p=provider,
    )
    assert held == offered > 0
    assert offered <= UNITS_PER_DAY * DAYS
    # Both processes took part: each consumed some of the burst's partitions.
    shares = {
        url: _applied(s) - applied[url]
        for url, s in ((s.url, s) for s in (matching, second_matching))
    }
    assert all(n > 0 for n in shares.values()), f"one process had no share: {shares}"
    for log, start in logs.items():
        text = log.read_bytes()[start:].decode(errors="replace")
        assert "deadlock" not in text.lower(), f"{log.name}: a round hit a deadlock"
    assert await _deadlocks(db) == deadlocks


async def _deadlocks(db: AsyncEngine) -> int:
    """Deadlocks PostgreSQL broke in this database so far (its own statistics)."""
    return int(
        await _scalar(
            db, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        )
    )


async def _states(db: AsyncEngine, ids: list[uuid.UUID]) -> dict[str, int]:
    async with db.connect() as conn:
        found = await conn.execute(
            sa.text("SELECT state, count(*) FROM matching.orders WHERE id = ANY(:i) GROUP BY 1"),
            {"i": ids},
        )
        return {state: int(n) for state, n in found}


async def _scalar(db: AsyncEngine, sql: str, **params: object) -> Any:
    async with db.connect() as conn:
        return await conn.scalar(sa.text(sql), params)


def _applied(service: RunningService) -> float:
    """Events the process's matching consumer applied so far (its /metrics)."""
    text = httpx.get(f"{service.url}/metrics", timeout=10).text
    for line in text.splitlines():
        labels = 'consumer="matching"' in line and 'outcome="applied"' in line
        if line.startswith("procnet_events_consumed_total{") and labels:
            return float(line.rsplit(" ", 1)[1])
    return 0.0

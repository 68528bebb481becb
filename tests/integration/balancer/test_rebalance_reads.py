"""A rebalance run reads many tables while facts keep committing; late facts must not mislead it.

Both checks pin a fact's commit at the worst moment of a real run on a throwaway schema.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.balancer.adapters import tables as t
from services.balancer.adapters.load import LoadRepository
from services.balancer.adapters.requests import RebalanceRequests
from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.config import BalancerSettings
from services.balancer.domain.transfers.transfer import TransferState
from services.balancer.handlers import rebalance as rebalancer
from shared.db.engine import make_sessionmaker
from shared.region import clock

pytestmark = pytest.mark.integration


@pytest.fixture
async def sessions(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The balancer's tables next to the messaging ones the schema fixture made."""
    async with engine.begin() as conn:
        await conn.run_sync(t.metadata.create_all)
    yield make_sessionmaker(engine)


async def test_a_request_committed_during_a_run_is_left_for_the_next_run(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    late = sessions()  # a consumer batch: its request takes the lower id, commits last
    await RebalanceRequests(late).add("a split, still committing")
    async with sessions() as early:
        await RebalanceRequests(early).add("a decline")
        await early.commit()
    plan = rebalancer._run

    async def plan_while_the_split_commits(*args: Any) -> rebalancer.RunReport:
        await late.commit()
        return await plan(*args)

    monkeypatch.setattr(rebalancer, "_run", plan_while_the_split_commits)
    uow = BalancerUnitOfWork(sessions, t.messaging.outbox)
    report = await rebalancer.rebalance_now(uow, BalancerSettings(), clock.now())
    await late.close()
    assert not report.method.startswith("skipped"), "another rebalancer held the lock"
    async with sessions() as s:
        assert await RebalanceRequests(s).newest() is not None, (
            "a fact the run never saw lost its re-plan"
        )


async def test_a_split_landing_mid_load_never_shows_the_moved_units_at_home(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    busy, lender, job, transfer = (uuid.uuid4() for _ in range(4))
    async with sessions() as s:
        await _cast(s, busy, lender, job, transfer)
        await s.commit()

    async def split() -> None:
        async with sessions() as s:
            await s.execute(sa.update(t.jobs).where(t.jobs.c.id == job).values(units=12))
            await s.execute(
                sa.update(t.transfers)
                .where(t.transfers.c.id == transfer)
                .values(state=TransferState.COMPLETED.value)
            )
            await s.commit()

    async with sessions() as s:
        _after_first_read_of(s, "jobs", split)
        loaded = await LoadRepository(s).view()
    assert loaded.view.jobs[job].units == 12, "the 8 units moved away still count at home"


def _after_first_read_of(s: AsyncSession, table: str, then: Callable[[], Awaitable[None]]) -> None:
    """Runs ``then`` (another transaction) right after the session's first read of ``table``."""
    execute, done = s.execute, list[bool]()

    async def execute_then(statement: Any, *args: Any, **kwargs: Any) -> Any:
        result = await execute(statement, *args, **kwargs)
        if not done and f"FROM {table}" in str(statement):
            done.append(True)
            await then()
        return result

    s.execute = execute_then  # type: ignore[method-assign]


async def _cast(
    s: AsyncSession, busy: uuid.UUID, lender: uuid.UUID, job: uuid.UUID, transfer: uuid.UUID
) -> None:
    """A Jinyun job of 20 units with 8 of them in flight to a Liandu lender."""
    today = clock.today()
    for provider, county in ((busy, "jinyun"), (lender, "liandu")):
        await s.execute(
            sa.insert(t.providers).values(id=provider, name="w", county=county, village="v",
                                          mode="factory")
        )  # fmt: skip
        await s.execute(
            sa.insert(t.provider_capacity).values(
                provider_id=provider, category="knitting", units_per_day=10
            )
        )
    deadline = today + timedelta(days=10)
    await s.execute(
        sa.insert(t.jobs).values(id=job, order_id=uuid.uuid4(), provider_id=busy,
                                 category="knitting", units=20, start=today, deadline=deadline)
    )  # fmt: skip
    await s.execute(
        sa.insert(t.transfers).values(
            id=transfer, job_id=job, order_id=uuid.uuid4(), from_provider_id=busy,
            to_provider_id=lender, category="knitting", units=8,
            schedule=[[str(today + timedelta(days=2)), 8]], unit_cost_fen=10,
            state=TransferState.SPLIT_REQUESTED.value, attempt=1,
            expires_at=clock.now() + timedelta(days=1),
        )
    )  # fmt: skip

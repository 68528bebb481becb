"""A unit of work that reads in one snapshot does not see a change committed between its
statements; a default one (READ COMMITTED) does, which is what a multi-statement read
must not be exposed to."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork

pytestmark = pytest.mark.integration


async def _reads_around_a_commit(
    engine: AsyncEngine, tables: MessagingTables, *, snapshot: bool
) -> tuple[int, int]:
    """What two statements of one block read with a row committed between them."""
    count = sa.select(sa.func.count()).select_from(tables.inbox)
    sessions = make_sessionmaker(engine)
    async with UnitOfWork(sessions, tables.outbox) as reader:
        if snapshot:
            await reader.read_one_snapshot()
        before = (await reader.session.execute(count)).scalar_one()
        async with engine.begin() as conn:  # another transaction, committed
            row = {"consumer": "snapshot-test", "event_id": uuid.uuid4(), "event_type": "T"}
            await conn.execute(sa.insert(tables.inbox).values(row))
        after = (await reader.session.execute(count)).scalar_one()
    return before, after


async def test_one_snapshot_hides_what_commits_between_statements(
    engine: AsyncEngine, tables: MessagingTables
) -> None:
    before, after = await _reads_around_a_commit(engine, tables, snapshot=True)
    assert after == before
    torn_before, torn_after = await _reads_around_a_commit(engine, tables, snapshot=False)
    assert torn_after == torn_before + 1  # the default read sees it: the test can tell


async def test_asking_for_one_snapshot_after_a_statement_is_refused(
    engine: AsyncEngine, tables: MessagingTables
) -> None:
    """Too late to change the transaction's level: refused, not quietly read as before."""
    async with UnitOfWork(make_sessionmaker(engine), tables.outbox) as uow:
        await uow.session.execute(sa.select(1))
        with pytest.raises(RuntimeError, match="first statement"):
            await uow.read_one_snapshot()

"""Scrape-time outbox gauges: unsent rows and the age of the oldest (one indexed query)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.observability.metrics import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE


async def refresh_outbox_gauges(engine: AsyncEngine, outbox: sa.Table, schema: str) -> None:
    unsent = outbox.c.sent_at.is_(None)  # the partial index outbox_unsent covers it
    query = sa.select(
        sa.func.count(),
        sa.func.coalesce(
            sa.func.extract("epoch", sa.func.now() - sa.func.min(outbox.c.created_at)), 0
        ),
    ).where(unsent)
    async with engine.connect() as conn:
        count, age = (await conn.execute(query)).one()
    OUTBOX_BACKLOG.labels(schema).set(count)
    OUTBOX_OLDEST_AGE.labels(schema).set(float(age))

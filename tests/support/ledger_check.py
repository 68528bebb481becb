"""Does every provider-day's capacity agree with the offers and jobs that use it?

Held must equal the units of open offers, booked those of live jobs, and neither may
exceed the day's capacity. Used by the chaos checks and by bench row 8 (several
matching processes must never hold a lot twice).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

LEDGER_MISMATCHES = """
WITH o AS (
  SELECT provider_id, category, kv.key::date AS day, sum(kv.value::int) AS units
  FROM matching.offers, jsonb_each_text(schedule) kv WHERE status = 'open' GROUP BY 1, 2, 3),
j AS (
  SELECT provider_id, category, kv.key::date AS day, sum(kv.value::int) AS units
  FROM matching.jobs, jsonb_each_text(schedule) kv WHERE status <> 'cancelled' GROUP BY 1, 2, 3)
SELECT c.provider_id, c.day, c.capacity, c.held, c.booked, o.units AS open, j.units AS jobs
FROM matching.capacity_days c
LEFT JOIN o USING (provider_id, category, day) LEFT JOIN j USING (provider_id, category, day)
WHERE c.provider_id = ANY(:providers)
  AND (c.held <> coalesce(o.units, 0) OR c.booked <> coalesce(j.units, 0)
       OR c.held + c.booked > c.capacity)
"""


async def ledger_mismatches(db: AsyncEngine, providers: Iterable[uuid.UUID]) -> list[sa.Row]:
    """The provider-days of ``providers`` whose held or booked units disagree (none: [])."""
    async with db.connect() as conn:
        found = await conn.execute(sa.text(LEDGER_MISMATCHES), {"providers": list(providers)})
        return list(found.all())

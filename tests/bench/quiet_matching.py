"""Rows that time the matching service start it on a quiet bench stack.

The bench stack lives on between rows and runs, and what one row leaves behind is work
for the next row's matching processes: orders queued on ``intake.orders``, and open
offers past their expiry. Row 4g's round offers with a one-hour TTL; an hour later every
matching process started by row 2 or 8 expired them, 100 per sweep, and re-matched each
order alone against 10,000 providers (it excludes the provider that let it expire), which
row 8 measured as its own CPU and latency (session 9: 7,938 such offers were waiting).
"""

from __future__ import annotations

import asyncpg

from shared.kafka.topics import ORDERS
from tests.bench.offer_watch import skip_backlog
from tests.bench.stack import admin_dsn

# Withdrawn in SQL, holds left held: every bench row registers providers of its own, so
# nothing measured later books their days.
RETIRE = "UPDATE matching.offers SET status = 'withdrawn' WHERE status = 'open' AND {}"


async def quiet_matching() -> int:
    """Start the ``matching`` group at the end of intake.orders, and withdraw every open
    offer already past due. Returns how many were withdrawn."""
    await skip_backlog("matching", ORDERS.name)
    return await _retire("expires_at < now()")


async def retire_offers_of(category: str) -> int:
    """Withdraw the open offers of a row's own category once it has counted them."""
    return await _retire("category = $1", category)


async def _retire(where: str, *args: object) -> int:
    conn = await asyncpg.connect(admin_dsn())
    try:
        status = await conn.execute(RETIRE.format(where), *args)
        return int(status.split()[-1])
    finally:
        await conn.close()

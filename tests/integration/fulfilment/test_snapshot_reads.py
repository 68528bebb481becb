"""A consignment read while its receipt commits shows the receipt whole or not at all.

Fulfilment reads a consignment in three statements (the consignment, its lines with the
counts, the lots with the day each received it). Under READ COMMITTED a receipt committed
between the lines and the lots gave a lot marked received whose lines had no count yet:
"counted 0", a false shortage of everything sent, printed on the receipt PDF too. The
test holds the lots' table locked so the service's read waits right there, commits a
receipt meanwhile, and looks at what the waiting read answers.
"""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal as D

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from shared.region import clock
from tests.integration.fulfilment.lot_io import (
    a_provider,
    accept_the_offer,
    lot,
    order_with_materials,
)
from tests.support.services import RunningService
from tests.support.stack import admin_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
BEADS = "glass beads 4mm"


async def test_a_receipt_committed_mid_read_is_not_half_shown(
    intake: RunningService, matching: RunningService, fulfilment: RunningService
) -> None:
    async with (
        httpx.AsyncClient(base_url=intake.url, timeout=30) as ik,
        httpx.AsyncClient(base_url=matching.url, timeout=30) as mt,
        httpx.AsyncClient(base_url=fulfilment.url, timeout=30) as ff,
        a_provider(mt),
    ):
        await _read_while_received(ik, mt, ff)


async def _read_while_received(
    ik: httpx.AsyncClient, mt: httpx.AsyncClient, ff: httpx.AsyncClient
) -> None:
    materials = [{"item": BEADS, "quantity": "6", "unit": "kg"}]
    office, order_id = await order_with_materials(ik, materials)
    job = await accept_the_offer(mt, order_id)
    await lot(ff, job, office.headers, lambda shown: len(shown["materials"]) == 1)
    sent = {
        "lines": [{"job_id": job, "item": BEADS, "quantity": "6"}],
        "carrier": "丽水顺达物流",
        "shipped_on": str(clock.today()),
    }
    r = await ff.post("/v1/consignments", json=sent, headers=office.headers)
    assert r.status_code == 201, r.text
    consignment = r.json()["id"]

    engine = create_async_engine(admin_url())
    try:
        async with engine.begin() as conn:  # the receipt, committed while the read waits
            await conn.execute(sa.text("LOCK TABLE fulfilment.consignment_lots"))
            await _receive(conn, consignment)
            read = asyncio.create_task(
                ff.get(f"/v1/consignments/{consignment}", headers=office.headers)
            )
            await eventually(lambda: _waiting_for_lots(engine), what="the read waits on lots")
        shown = (await read).json()
    finally:
        await engine.dispose()

    received, counted = shown["received_on"], [ln["counted"] for ln in shown["lines"]]
    assert (received, counted) == ({}, [None]), shown  # all before the receipt: no shortage
    after = (await ff.get(f"/v1/consignments/{consignment}", headers=office.headers)).json()
    assert set(after["received_on"]) == {job}
    assert [D(ln["difference"]) for ln in after["lines"]] == [0]


async def _receive(conn: AsyncConnection, consignment: str) -> None:
    """What a receipt writes that the read shows: the counts, and the day the lot got it."""
    ids = {"c": uuid.UUID(consignment)}
    await conn.execute(
        sa.text(
            "UPDATE fulfilment.consignment_lines SET counted = quantity WHERE consignment_id = :c"
        ),
        ids,
    )
    await conn.execute(
        sa.text(
            "UPDATE fulfilment.consignment_lots SET received_on = CURRENT_DATE"
            " WHERE consignment_id = :c"
        ),
        ids,
    )


async def _waiting_for_lots(engine: AsyncEngine) -> bool:
    """A read of the lots waits for the lock (not a consumer's write, which may wait too)."""
    query = sa.text(
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
        " JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE c.relname = 'consignment_lots' AND NOT l.granted"
        " AND a.query ILIKE 'SELECT%consignment_lots%'"
    )
    async with engine.connect() as conn:
        return bool((await conn.execute(query)).scalar_one())

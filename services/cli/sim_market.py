"""The market side of a simulated week: offices submit orders, brokers answer offers.

The offices submit the week's orders concurrently (the API client allows 16 calls at
a time); meanwhile ``sim_broker.Brokers`` lists matching's open offers, notes when
each order's first offer appears (submission-to-offer times are wall-clock) and
answers the offers once the week is offered. Only open offers are listed: the earlier
weeks' offers were answered, so the list holds this week's, where listing every
offer ever made kept matching, whose matcher shares the process, busy serialising
old offers. Orders matching could not place are read in one list call per poll
(``sim_reads``), not one GET per waiting order.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import date, datetime

from services.cli.api import Api
from services.cli.sim_broker import Brokers
from services.cli.sim_orders import PlannedOrder
from services.cli.sim_state import OrderRec, SimState
from shared.identity import Role


async def market_week(
    api: Api, state: SimState, planned: list[PlannedOrder], week: int, clients: dict[str, str]
) -> list[OrderRec]:
    """Submit the week's orders; returns once each has an offer answered or is unmatched."""
    brokers = Brokers(api, state, week)
    watcher = asyncio.create_task(brokers.watch())
    try:
        run = uuid.uuid4().hex[:8]

        async def submit(i: int, p: PlannedOrder) -> OrderRec:
            rec = await _submit(api, p, week, clients, f"sim-{run}-{week}-{i}")
            rec.key = f"{week}:{i}"
            state.orders[rec.id] = rec  # at once: the watcher may see its offer next
            return rec

        mine = list(await asyncio.gather(*(submit(i, p) for i, p in enumerate(planned))))
        await brokers.settle(mine)
    finally:
        brokers.stop.set()
        await watcher
    await brokers.drain()  # an offer the watcher's last list found
    return mine


async def _submit(
    api: Api, p: PlannedOrder, week: int, clients: dict[str, str], key: str
) -> OrderRec:
    who = api.as_(p.office.id, Role.OFFICE, p.office.name)
    body = {**p.body, "client_id": clients[p.client.name]}
    raw = await api.json(
        "intake", "POST", "/v1/orders", who, json=body, headers={"Idempotency-Key": key}
    )
    fee_fen = int(float(raw["unit_fee_cny"]) * 100 + 0.5)
    return OrderRec(
        raw["id"],
        str(p.office.id),
        raw["origin_market"],
        raw["category"],
        raw["quantity"],
        fee_fen,
        date.fromisoformat(raw["deadline"]),
        week,
        time.monotonic(),
        materials_ready=date.fromisoformat(raw["materials_ready"]),
        created_at=datetime.fromisoformat(raw["created_at"]),
    )

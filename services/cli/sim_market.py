"""The market side of a simulated week: offices submit orders, brokers answer offers.

Submission-to-offer times are wall-clock: a watcher polls the admin list of
open offers every 0.2 s while the offices submit, and notes when each order's
first offer appears. Only open offers: the earlier weeks' offers were answered,
so the list holds this week's (a few hundred), where listing every offer ever
made (1,000 a call, every 50 ms) kept matching, whose matcher shares the
process, busy serialising old offers. Orders matching could not place are read
in one list call per poll (``sim_reads``), not one GET per waiting order.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import date, datetime
from typing import Any

from services.cli import demo_providers, sim_reads
from services.cli.api import Api, ApiError
from services.cli.seed import admin
from services.cli.sim_orders import PlannedOrder
from services.cli.sim_state import OrderRec, SimState, job_from_api
from shared.identity import Role

DECLINE = {"factory": 0.03, "centre": 0.06, "home": 0.10}
MODE = {p.id: p.mode for p in demo_providers.providers()}
WATCH_EVERY_S, ANSWERED_EVERY_S, OFFER_WAIT_S = 0.2, 0.3, 180.0


async def submit_week(
    api: Api, state: SimState, planned: list[PlannedOrder], week: int, clients: dict[str, str]
) -> list[OrderRec]:
    """Submit concurrently while watching for offers; returns once each order has an answer."""
    mine: list[OrderRec] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch_offers(api, state, stop))
    try:
        run = uuid.uuid4().hex[:8]
        recs = await asyncio.gather(
            *(
                _submit(api, p, week, clients, f"sim-{run}-{week}-{i}")
                for i, p in enumerate(planned)
            )
        )
        for rec in recs:
            state.orders[rec.id] = rec
            mine.append(rec)
        await _until_answered(api, state, mine)
    finally:
        stop.set()
        await watcher
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


async def _watch_offers(api: Api, state: SimState, stop: asyncio.Event) -> None:
    while not stop.is_set():
        offers = await api.json("matching", "GET", "/v1/offers", admin(api), params={"limit": 1000})
        seen = time.monotonic()
        for o in offers:
            rec = state.orders.get(o["order_id"])
            if rec is not None and rec.first_offer is None:
                rec.first_offer = seen
        await asyncio.sleep(WATCH_EVERY_S)


async def _until_answered(api: Api, state: SimState, mine: list[OrderRec]) -> None:
    """Until every order of the week has an offer or intake says matching could not place it."""
    deadline = time.monotonic() + OFFER_WAIT_S
    since = min((r.created_at for r in mine if r.created_at), default=None)
    while time.monotonic() < deadline:
        waiting = [r for r in mine if r.first_offer is None and r.status != "UNMATCHED"]
        if not waiting or since is None:
            return
        unmatched = await sim_reads.order_statuses(api, since, status="UNMATCHED")
        for r in waiting:
            r.status = unmatched.get(r.id, r.status)
        await asyncio.sleep(ANSWERED_EVERY_S)


async def answer_offers(api: Api, state: SimState, rng: random.Random, week: int) -> None:
    """Brokers accept or decline until no offer for our orders is open (declines re-match)."""
    quiet_rounds = 0
    while quiet_rounds < 6:
        offers = await api.json("matching", "GET", "/v1/offers", admin(api), params={"limit": 1000})
        ours = [o for o in offers if o["order_id"] in state.orders]
        if not ours:
            quiet_rounds += 1
            await asyncio.sleep(0.25)
            continue
        quiet_rounds = 0
        await asyncio.gather(*(_answer(api, state, rng, o, week) for o in ours))


async def _answer(
    api: Api, state: SimState, rng: random.Random, offer: dict[str, Any], week: int
) -> None:
    provider = uuid.UUID(offer["provider_id"])
    who = api.as_(provider, Role.PROVIDER)
    declines = rng.random() < DECLINE.get(MODE.get(offer["provider_id"], "centre"), 0.06)
    path = f"/v1/offers/{offer['id']}/" + ("decline" if declines else "accept")
    body = {"reason": "workers busy with another client"} if declines else None
    try:
        r = await api.call("matching", "POST", path, who, json=body)
    except ApiError:  # expired or withdrawn meanwhile: nothing to answer
        state.answers["gone"] += 1
        return
    state.answers["declined" if declines else "accepted"] += 1
    if not declines:
        job = job_from_api(r.json(), state.week_start(week), from_offer=True)
        state.jobs[job.id] = job

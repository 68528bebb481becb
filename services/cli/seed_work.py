"""A little finished work in the demo region, so the money pages have figures on `make up`.

A simulated season lies in the future, where no delivery can be recorded yet, so without
this the receivables, statements, aging, award meter and impact pages stay empty. Each
order of ``WORK`` is placed today by an office of the case's counties, its offers are
accepted by the enterprises matching chose, every lot is delivered today (a few pieces
defective) and some are paid in part, as an office records a client's payment.

Each order carries an Idempotency-Key, so a second seed the same day finds it and only
finishes what is left (an offer not yet answered, a lot not delivered, a payment not
recorded). On a later day intake refuses the key for a body whose dates moved: the work
of the first day stays as it was, and nothing is added.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from services.cli import demo_region
from services.cli.api import Api, ApiError
from services.cli.sim_orders import FEE_CNY, PRODUCTS, supplied
from shared.identity import Role
from shared.region import clock

# Matching places an order within seconds on an idle stack; one that takes longer is
# left as it is (a later seed the same day finishes it).
PLACE_WAIT_S, RECEIVABLE_WAIT_S, POLL_S = 60.0, 30.0, 0.3
GONE = ("cancelled", "moved")  # jobs that hold no units of the order any more


@dataclass(frozen=True)
class Work:
    office: int  # index into demo_region.offices()
    category: str
    quantity: int
    defective: int  # pieces of each lot delivered defective
    paid_pct: int  # share of each receivable the client has paid (0: nothing yet)


WORK = (
    Work(0, "bead_work", 600, 3, 100),
    Work(2, "crochet", 300, 2, 50),
    Work(4, "knitting", 400, 0, 0),
    Work(6, "pearl_embroidery", 200, 4, 50),
    Work(8, "garment_sewing", 300, 1, 0),
    Work(10, "welding_assembly", 500, 5, 100),
)


async def seed_work(api: Api, tally: Counter[str]) -> None:
    """Every order of ``WORK`` placed, delivered and paid as it says, at once."""
    today = clock.today()
    outcomes = await asyncio.gather(*(_tried(api, n, w, today) for n, w in enumerate(WORK)))
    tally.update(f"finished orders {o}" for o in outcomes)


async def _tried(api: Api, n: int, work: Work, today: date) -> str:
    """One order's outcome; a refusal (a job moved or cancelled meanwhile, a service down)
    is counted as "failed" and the rest of the seed goes on."""
    try:
        return await _finish(api, n, work, today)
    except ApiError:
        return "failed"


async def _finish(api: Api, n: int, work: Work, today: date) -> str:
    office = demo_region.offices()[work.office]
    who = api.as_(office.id, Role.OFFICE, office.name)
    order_id = await _order(api, n, work, who, office, today)
    if order_id is None:
        return "existing"  # placed on an earlier day
    fresh, lots = 0, 0  # lots: how many receivables to wait for (0: take those there)
    order = await api.json("intake", "GET", f"/v1/orders/{order_id}", who)
    if order["status"] != "DELIVERED":  # else an earlier seed today delivered it
        jobs = await _placed(api, order_id, work.quantity)
        if jobs is None:
            return "not placed"
        fresh, lots = await _deliver(api, jobs, work.defective), len(jobs)
    if work.paid_pct:
        fresh += await _pay(api, who, order_id, lots, work.paid_pct, today)
    return "created" if fresh else "existing"


async def _order(
    api: Api, n: int, work: Work, who: dict[str, str], office: demo_region.Office, today: date
) -> UUID | None:
    client = office.clients[0]
    clients = await api.json("intake", "GET", "/v1/clients", who)
    body = {
        "client_id": next(c["id"] for c in clients if c["name"] == client.name),
        "category": work.category,
        "description": f"{PRODUCTS[work.category]}（{client.name}）",
        "quantity": work.quantity,
        "unit_fee_cny": FEE_CNY[work.category],
        "materials_ready": today.isoformat(),
        "deadline": (today + timedelta(days=20)).isoformat(),
        "origin_market": client.home_market,
        "splittable": False,
        "min_lot": work.quantity,
        "quality_requirements": "按确认样品",
        "materials": supplied(work.category, work.quantity),
        "defect_tolerance_pct": "2",
    }
    key = {"Idempotency-Key": f"demo-finished-work-{n}"}
    try:
        r = await api.call("intake", "POST", "/v1/orders", who, json=body, headers=key)
    except ApiError as exc:
        if exc.status == 422 and "Idempotency-Key" in exc.reason:
            return None
        raise
    return UUID(r.json()["id"])


async def _placed(api: Api, order_id: UUID, quantity: int) -> list[dict[str, Any]] | None:
    """Accept the order's open offers (as each enterprise) until its jobs hold every
    piece: the jobs, or None if matching could not place it in time."""
    boss = api.as_(demo_region.ADMIN_ID, Role.ADMIN, demo_region.ADMIN_NAME)
    mine = {"order_id": str(order_id)}
    ends = time.monotonic() + PLACE_WAIT_S
    while time.monotonic() < ends:
        for offer in await api.json("matching", "GET", "/v1/offers", boss, params=mine):
            provider = api.as_(UUID(offer["provider_id"]), Role.PROVIDER)
            path = f"/v1/offers/{offer['id']}/accept"
            try:
                await api.call("matching", "POST", path, provider)
            except ApiError:  # answered, expired or withdrawn meanwhile
                continue
        found = await api.json("matching", "GET", "/v1/jobs", boss, params=mine)
        jobs = [j for j in found if j["status"] not in GONE]
        if sum(j["units"] for j in jobs) >= quantity:
            return jobs
        order = await api.json("intake", "GET", f"/v1/orders/{order_id}", boss)
        if order["status"] == "UNMATCHED":
            return None
        await asyncio.sleep(POLL_S)  # an HTTP client: it can only ask again
    return None


async def _deliver(api: Api, jobs: list[dict[str, Any]], defective: int) -> int:
    """Each job not yet delivered, delivered whole today: how many were."""
    done = 0
    for job in jobs:
        if job["status"] not in ("accepted", "in_production"):
            continue
        who = api.as_(UUID(job["provider_id"]), Role.PROVIDER)
        bad = min(defective, job["units"])
        body = {"good_units": job["units"] - bad, "defective_units": bad}
        await api.call("matching", "POST", f"/v1/jobs/{job['id']}/delivery", who, json=body)
        done += 1
    return done


async def _pay(
    api: Api, who: dict[str, str], order_id: UUID, lots: int, pct: int, today: date
) -> int:
    """``pct`` of each of the order's receivables paid, once settlement has them: how many
    payments were recorded."""
    ends, mine = time.monotonic() + RECEIVABLE_WAIT_S, str(order_id)
    while True:  # at least once: lots == 0 takes the receivables there are
        found = await api.json("settlement", "GET", "/v1/receivables", who)
        owed = [r for r in found if r["order_id"] == mine]
        if len(owed) >= lots or time.monotonic() >= ends:
            break
        await asyncio.sleep(POLL_S)
    paid = 0
    for r in owed:
        amount = min(r["outstanding_fen"], r["fee_fen"] * pct // 100)
        if r["paid_fen"] or amount <= 0:
            continue
        body = {"amount_fen": amount, "paid_on": today.isoformat()}
        path = f"/v1/receivables/{r['delivery_id']}/payments"
        await api.call("settlement", "POST", path, who, json=body)
        paid += 1
    return paid

"""The season side of a simulated week: tea-picking leave, loans, transfers, work and delivery.

When tea picking is a week away, brokers in the tea counties declare the
leave their workers take (harder than the seasonal calendar expected: an
early, heavy harvest), factories elsewhere lend spare capacity, and the
balancer's proposals are answered by the receiving factories.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from services.cli import demo_providers, demo_region
from services.cli.api import Api, ApiError
from services.cli.seed import admin
from services.cli.sim_state import SimState, job_from_api
from shared.identity import Role

# Share of workers still at work in the tea weeks (the calendar expected TEA_COUNTIES).
TEA_PRESENT = {"songyang": 0.35, "suichang": 0.4, "jingning": 0.4, "longquan": 0.5, "yunhe": 0.55}
LEND_SHARE, ACCEPT_TRANSFER = 0.3, 0.85
QUICK_LOOK_S = 0.5  # the wait of a week outside the tea season (simulate passes it)
TERMINAL = {"completed", "declined", "expired", "failed", "compensated"}


def tea_arrives(state: SimState, week: int) -> tuple[date, date] | None:
    """The tea window when it starts within the coming week (the week after `week`)."""
    window = demo_region.tea_window(state.week_start(week))
    nxt = state.week_start(week + 1)
    if window and nxt <= window[0] < nxt + timedelta(weeks=1):
        return window
    if window and week == 0 and window[0] <= nxt:  # a run that starts inside the season
        return window
    return None


async def declare_leave_and_lend(api: Api, state: SimState, window: tuple[date, date]) -> None:
    first, last = max(window[0], state.week_start(0)), window[1]
    leaving = [p for p in demo_providers.providers() if p.county in TEA_PRESENT]
    for p in leaving:
        state.leave[p.id] = (first, last, min(1.0, TEA_PRESENT[p.county] / _planned(p.county)))
    try:
        await asyncio.gather(*(_calendar_leave(api, p, first, last) for p in leaving))
    except ApiError as exc:  # the broker route fails: the county declares the leave instead
        state.answers["leave declared as a season (calendar API failed)"] += 1
        state.leave_fallback = str(exc)[:200]
        await _season_leave(api, first, last)
    lenders = [
        p for p in demo_providers.providers() if p.mode == "factory" and p.county not in TEA_PRESENT
    ]
    calls = [
        _lend(api, p, c, u, first, last) for p in lenders for c, u in p.body["categories"].items()
    ]
    lent = await asyncio.gather(*calls)
    state.loans += sum(lent)
    if refused := len(lent) - sum(lent):  # e.g. a re-run on the same stack lends again
        state.answers["loan refused: no spare capacity left that day"] += refused


def _planned(county: str) -> float:
    return float(Decimal(demo_region.TEA_COUNTIES[county]))


async def _calendar_leave(
    api: Api, p: demo_providers.DemoProvider, first: date, last: date
) -> None:
    who = api.as_(uuid.UUID(p.id), Role.PROVIDER, p.name)
    body = {
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "percent": round(TEA_PRESENT[p.county] * 100),
        "reason": "tea picking leave",
    }
    await api.call("matching", "POST", f"/v1/providers/{p.id}/calendar", who, json=body)


async def _season_leave(api: Api, first: date, last: date) -> None:
    extra = {c: f"{TEA_PRESENT[c] / _planned(c):.3f}" for c in TEA_PRESENT}
    body = {
        "name": f"tea_leave_{first.isoformat()}",
        "start": first.isoformat(),
        "end": last.isoformat(),
        "factors": [{"county": c, "factor": f} for c, f in extra.items()],
    }
    # One name per window: a second run finds it (409) instead of thinning the county twice.
    await api.call("balancer", "POST", "/v1/seasons", admin(api), ok=(201, 409), json=body)


async def _lend(
    api: Api, p: demo_providers.DemoProvider, category: str, units: int, first: date, last: date
) -> bool:
    who = api.as_(uuid.UUID(p.id), Role.PROVIDER, p.name)
    body = {
        "category": category,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "units_per_day": max(1, int(units * LEND_SHARE)),
    }
    # 422: the balancer refuses to lend more than the factory can make on some day
    r = await api.call("balancer", "POST", "/v1/loans", who, ok=(201, 422), json=body)
    return r.status_code == 201


async def settle_transfers(
    api: Api, state: SimState, rng: random.Random, week: int, wait_s: float
) -> None:
    """Answer proposals as receivers until the balancer has been quiet for a while."""
    deadline, quiet_since = time.monotonic() + wait_s, time.monotonic()
    answered: set[str] = set()
    while True:
        rows = await _transfers(api, state)
        todo = [t for t in rows if t["state"] == "proposed" and t["id"] not in answered]
        for t in todo:
            answered.add(t["id"])
            await _answer_transfer(api, state, rng, t)
        busy = todo or any(t["state"] not in TERMINAL | {"proposed"} for t in rows)
        if busy:
            quiet_since = time.monotonic()
        elif not answered and wait_s <= QUICK_LOOK_S:
            break  # outside the tea weeks, nothing proposed or under way: no 0.5 s wait
        if time.monotonic() > deadline or time.monotonic() - quiet_since > min(3.0, wait_s):
            break
        await asyncio.sleep(0.5)
    await _take_splits(api, state, rows, week)


async def _transfers(api: Api, state: SimState) -> list[dict[str, Any]]:
    rows = await api.json("balancer", "GET", "/v1/transfers", admin(api), params={"limit": 1000})
    return [t for t in rows if t["order_id"] in state.orders]


async def _answer_transfer(
    api: Api, state: SimState, rng: random.Random, t: dict[str, Any]
) -> None:
    who = api.as_(uuid.UUID(t["to_provider_id"]), Role.PROVIDER)
    accept = rng.random() < ACCEPT_TRANSFER
    path = f"/v1/transfers/{t['id']}/" + ("accept" if accept else "decline")
    body = None if accept else {"reason": "our own orders came in after all"}
    try:
        await api.call("balancer", "POST", path, who, json=body)
        state.answers["transfer " + ("accepted" if accept else "declined")] += 1
    except ApiError:  # expired or re-planned meanwhile
        state.answers["transfer gone"] += 1


async def _take_splits(api: Api, state: SimState, rows: list[dict[str, Any]], week: int) -> None:
    """Completed transfers: refresh the smaller job, remember the lender's new job."""
    for t in rows:
        new_id = t.get("new_job_id")
        if t["state"] != "completed" or not new_id or new_id in state.jobs:
            continue
        old = state.jobs.get(t["job_id"])
        raw_old = await api.json("matching", "GET", f"/v1/jobs/{t['job_id']}", admin(api))
        if old is not None:
            fresh = job_from_api(raw_old, old.not_before, old.from_offer)
            old.units, old.schedule = fresh.units, fresh.schedule
        raw_new = await api.json("matching", "GET", f"/v1/jobs/{new_id}", admin(api))
        state.jobs[new_id] = job_from_api(raw_new, state.week_start(week), from_offer=False)

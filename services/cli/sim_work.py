"""Work in a simulated week: brokers report progress and deliveries.

Whether a job is done by the end of a week comes from the simulated world
(``sim_world``); the system hears it only as progress and delivery reports.
Matching refuses a delivery dated in the (real) future or before the order's
materials were ready, so a delivery is sent dated its simulated Sunday only
when that day is today or earlier; a season simulated in the future is
delivered in the simulated world only, and every report's outcome (recorded,
refused with matching's reason, not sent and why) is counted for the report.
Progress carries no date (matching records it as of today) and is sent as is.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Coroutine
from datetime import date, timedelta
from typing import Any

from services.cli import demo_providers, sim_reads, sim_world
from services.cli.api import Api, ApiError
from services.cli.sim_state import JobRec, SimState
from shared.identity import Role
from shared.region import clock

BASE = {(p.id, c): u for p in demo_providers.providers() for c, u in p.body["categories"].items()}


def catch_up(job: JobRec) -> int:
    base = BASE.get((job.provider_id, job.category), max(50, job.units // 10))
    return max(1, int(base * sim_world.CATCH_UP_SHARE))


def world_finish(state: SimState, job: JobRec, schedule: dict[date, int] | None = None) -> date:
    avail = sim_world.leave_availability(state.leave.get(job.provider_id))
    return sim_world.finish(schedule or job.schedule, job.not_before, avail, catch_up(job))


async def work_week(api: Api, state: SimState, rng: random.Random, week: int) -> int:
    """Report progress on running jobs and deliver those finished by Sunday; returns deliveries."""
    calls, delivered = week_reports(api, state, rng, week)
    await asyncio.gather(*calls)
    return delivered


def week_reports(
    api: Api, state: SimState, rng: random.Random, week: int
) -> tuple[list[Coroutine[Any, Any, object]], int]:
    """What the week's world did (jobs done, delivered) at once, and the reports to send."""
    sunday = state.week_start(week) + timedelta(days=6)
    calls: list[Coroutine[Any, Any, object]] = []
    delivered = 0
    for job in state.jobs.values():
        if job.delivered or job.not_before > sunday or job.units == 0:
            continue
        avail = sim_world.leave_availability(state.leave.get(job.provider_id))
        done = sim_world.done_by(job.schedule, job.not_before, avail, catch_up(job), sunday)
        if done >= job.units:
            job.delivered, job.delivered_on, delivered = True, sunday, delivered + 1
            defects = int(job.units * rng.uniform(0, 0.015))
            job.good = job.units - defects
            calls.append(_deliver(api, state, job, sunday, defects))
        elif done > job.done:
            job.done = done
            calls.append(_report(api, state, job, "progress", {"units_done": done}))
    return calls, delivered


def unsendable(state: SimState, job: JobRec, day: date) -> str | None:
    """Why matching would refuse a delivery dated ``day``, or None when it can record it."""
    today = clock.today()
    if day > today:
        return f"simulated day in the real future (today is {today}); matching refuses such dates"
    ready = state.orders[job.order_id].materials_ready if job.order_id in state.orders else None
    if ready is not None and day < ready:
        return f"simulated day before the order's materials were ready ({ready})"
    return None


async def _deliver(api: Api, state: SimState, job: JobRec, day: date, defects: int) -> None:
    why = unsendable(state, job, day)
    if why is not None:
        state.reports[("delivery", f"not sent: {why}")] += 1
        return
    body = {"good_units": job.good, "defective_units": defects, "delivered_on": day.isoformat()}
    job.recorded = await _report(api, state, job, "delivery", body)


async def _report(api: Api, state: SimState, job: JobRec, what: str, body: dict[str, Any]) -> bool:
    """Send one report; count its outcome by matching's answer. True when it was recorded."""
    who = api.as_(uuid.UUID(job.provider_id), Role.PROVIDER)
    try:
        await api.call("matching", "POST", f"/v1/jobs/{job.id}/{what}", who, json=body)
    except ApiError as e:  # never swallowed: counted by status and matching's reason
        state.reports[(what, f"refused: {e.status or 'unavailable'} {e.reason}")] += 1
        return False
    state.reports[(what, "recorded")] += 1
    return True


async def final_statuses(api: Api, state: SimState) -> None:
    """Every order's status from intake: the admin's order list in pages of 200 (one call
    for 200 orders); an order the pages did not show is read alone."""
    since = min((r.created_at for r in state.orders.values() if r.created_at), default=None)
    try:
        listed = await sim_reads.order_statuses(api, since) if since is not None else {}
    except ApiError:  # the list failed: every order is read alone below
        listed = {}
    for order_id, status in listed.items():
        if order_id in state.orders:
            state.orders[order_id].status = status

    async def one(order_id: str) -> None:
        rec = state.orders[order_id]
        who = api.as_(uuid.UUID(rec.office_id), Role.OFFICE)
        try:
            rec.status = (await api.json("intake", "GET", f"/v1/orders/{order_id}", who))["status"]
        except ApiError:
            rec.status = "UNKNOWN"

    await asyncio.gather(*(one(o) for o in state.orders if o not in listed))

"""Work in a simulated week: brokers report progress and deliveries.

Whether a job is done by the end of a week comes from the simulated world
(``sim_world``); the system hears it only as progress and delivery reports.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import date, timedelta

from services.cli import demo_providers, sim_world
from services.cli.api import Api, ApiError
from services.cli.sim_state import JobRec, SimState
from shared.identity import Role

BASE = {(p.id, c): u for p in demo_providers.providers() for c, u in p.body["categories"].items()}


def catch_up(job: JobRec) -> int:
    base = BASE.get((job.provider_id, job.category), max(50, job.units // 10))
    return max(1, int(base * sim_world.CATCH_UP_SHARE))


def world_finish(state: SimState, job: JobRec, schedule: dict[date, int] | None = None) -> date:
    avail = sim_world.leave_availability(state.leave.get(job.provider_id))
    return sim_world.finish(schedule or job.schedule, job.not_before, avail, catch_up(job))


async def work_week(api: Api, state: SimState, rng: random.Random, week: int) -> int:
    """Report progress on running jobs and deliver those finished by Sunday; returns deliveries."""
    sunday = state.week_start(week) + timedelta(days=6)
    calls, delivered = [], 0
    for job in state.jobs.values():
        if job.delivered or job.not_before > sunday or job.units == 0:
            continue
        avail = sim_world.leave_availability(state.leave.get(job.provider_id))
        done = sim_world.done_by(job.schedule, job.not_before, avail, catch_up(job), sunday)
        if done >= job.units:
            job.delivered, job.delivered_on, delivered = True, sunday, delivered + 1
            defects = int(job.units * rng.uniform(0, 0.015))
            job.good = job.units - defects
            calls.append(_report(api, job, "delivery", {"good_units": job.good,
                                                         "defective_units": defects}))  # fmt: skip
        elif done > job.done:
            job.done = done
            calls.append(_report(api, job, "progress", {"units_done": done}))
    await asyncio.gather(*calls)
    return delivered


async def _report(api: Api, job: JobRec, what: str, body: dict[str, int]) -> None:
    who = api.as_(uuid.UUID(job.provider_id), Role.PROVIDER)
    try:
        await api.call("matching", "POST", f"/v1/jobs/{job.id}/{what}", who, json=body)
    except ApiError:  # e.g. a transfer shrank the job after our last look; counted, not fatal
        job.delivered = what == "delivery" or job.delivered


async def final_statuses(api: Api, state: SimState) -> None:
    async def one(order_id: str) -> None:
        rec = state.orders[order_id]
        who = api.as_(uuid.UUID(rec.office_id), Role.OFFICE)
        try:
            rec.status = (await api.json("intake", "GET", f"/v1/orders/{order_id}", who))["status"]
        except ApiError:
            rec.status = "UNKNOWN"

    await asyncio.gather(*(one(o) for o in state.orders))

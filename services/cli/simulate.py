"""`procnet simulate`: a season of simulated users driving the running system over HTTP.

Simulated week k is the k-th week after the start Monday (next Monday by
default), so orders, schedules and seasons use real future dates; the
system's clock is not touched. Each week: offices submit, brokers answer
offers, the tea season may arrive (leave, loans, transfers), brokers report
progress and deliveries.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from services.cli import demo_region, figures, report, sim_market, sim_orders, sim_season, sim_work
from services.cli.api import Api
from services.cli.seed import admin
from services.cli.sim_state import SimState
from shared.identity import Role


async def client_ids(api: Api) -> dict[str, str]:
    out: dict[str, str] = {}
    for office in demo_region.offices():
        who = api.as_(office.id, Role.OFFICE, office.name)
        out.update(
            {c["name"]: c["id"] for c in await api.json("intake", "GET", "/v1/clients", who)}
        )
    return out


async def run(
    api: Api, start: date, weeks: int, per_week: int, seed: int, load: float, console: Console,
    transfer_wait_s: float = 30.0, plan: sim_orders.DemandPlan | None = None,
) -> SimState:  # fmt: skip
    """`plan`: another run's demand (its order counts and units, at this run's start)."""
    state, (orders, rng) = SimState(start, weeks, run=run_id(), seed=seed), streams(seed)
    state.plan = plan or sim_orders.DemandPlan.for_window(start, weeks, per_week, load)
    state.transfer_wait_s = transfer_wait_s
    clients, began = await client_ids(api), time.monotonic()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console) as bar:
        t_weeks = bar.add_task("weeks", total=weeks)
        t_orders = bar.add_task("orders submitted", total=state.plan.orders)
        t_offered = bar.add_task("orders offered", total=state.plan.orders)
        t_jobs = bar.add_task("jobs delivered", total=None)
        reporting: Reports = _done()
        for week in range(weeks):
            reporting = await _week(api, state, (orders, rng), week, clients, reporting)
            working = [j for j in state.jobs.values() if j.units]
            bar.update(t_orders, completed=len(state.orders))
            bar.update(
                t_offered, completed=sum(r.first_offer is not None for r in state.orders.values())
            )
            bar.update(t_jobs, completed=sum(j.delivered for j in working), total=len(working))
            bar.advance(t_weeks)
            if not console.is_terminal:  # no live bar in a log: one line per week instead
                console.print(
                    f"{progress_line(state, week)} [{duration(time.monotonic() - began)}]"
                )
        with _timed(state, "work-off after the window, final statuses"):
            await _finish(api, state, rng, reporting)
        if not console.is_terminal:
            console.print(progress_line(state, None))
    return state


def progress_line(state: SimState, week: int | None) -> str:
    """What a log shows after a simulated week (None: after the work-off), with its totals."""
    working = [j for j in state.jobs.values() if j.units]
    done = sum(j.delivered for j in working)
    kept = f"recorded by matching: {sum(j.recorded for j in working)}"
    planned = state.plan.orders if state.plan else len(state.orders)
    if week is None:
        last = max((j.delivered_on for j in working if j.delivered_on), default=None)
        return (
            f"after the window (no new orders): {done} of {len(working)} jobs delivered in the "
            f"simulated world, the last on {last or 'n/a'}; {kept}"
        )
    offered = sum(r.first_offer is not None for r in state.orders.values())
    a = state.answers
    return (
        f"week {week + 1}/{state.weeks} (week of {state.week_start(week)}): "
        f"{len(state.orders)} of {planned} planned orders submitted, {offered} offered, "
        f"offers accepted {a['accepted']}, declined {a['declined']}; "
        f"{done} of {len(working)} jobs delivered in the simulated world so far; {kept}"
    )


Reports = asyncio.Future[Any]  # a week's progress and delivery reports, sent in the background


def _done() -> Reports:
    done: Reports = asyncio.get_running_loop().create_future()
    done.set_result(0)
    return done


def streams(seed: int) -> tuple[random.Random, random.Random]:
    """The offices' orders and the users' answers (declines, transfers, defects) from two
    random streams of the seed: how many offers a week brings (which depends on matching's
    timing) no longer changes the next week's orders, so a seed always orders the same
    season. The orders' stream is ``Random(seed)``, as when both shared it, so week 1's
    orders are those of the older runs."""
    return random.Random(seed), random.Random(f"{seed}:users")


async def _week(
    api: Api,
    state: SimState,
    rngs: tuple[random.Random, random.Random],
    week: int,
    clients: dict[str, str],
    reporting: Reports,
) -> Reports:
    """One week; returns its progress and delivery reports, still being sent."""
    assert state.plan is not None
    orders, rng = rngs
    planned = sim_orders.orders_for_week(orders, state.plan, week)
    with _timed(state, "submit, offers and answers"):
        await sim_market.market_week(api, state, planned, week, clients)
    with _timed(state, "earlier reports still in flight"):
        await reporting  # a transfer may split a job the last week's reports name
    window = sim_season.tea_arrives(state, week)
    with _timed(state, "tea leave, loans, transfers"):
        if window:
            await sim_season.declare_leave_and_lend(api, state, window)
        await sim_season.settle_transfers(
            api,
            state,
            rng,
            week,
            wait_s=state.transfer_wait_s if window else sim_season.QUICK_LOOK_S,
        )
    # The week's progress and delivery reports go out while the next week is submitted
    # and matched: nothing there reads them, and they were a fifth of a run's time.
    calls, _ = sim_work.week_reports(api, state, rng, week)
    return asyncio.ensure_future(asyncio.gather(*calls))


@contextmanager
def _timed(state: SimState, phase: str) -> Iterator[None]:
    began = time.monotonic()
    try:
        yield
    finally:
        state.phase_s[phase] = state.phase_s.get(phase, 0.0) + time.monotonic() - began


async def _finish(api: Api, state: SimState, rng: random.Random, reporting: Reports) -> None:
    """Work off what is left after the last week, then read final statuses and transfers."""
    await reporting
    for extra in range(state.weeks, state.weeks + 12):
        if all(j.delivered or not j.units for j in state.jobs.values()):
            break
        await sim_work.work_week(api, state, rng, extra)
    await sim_work.final_statuses(api, state)
    rows = await api.json("balancer", "GET", "/v1/transfers", admin(api), params={"limit": 1000})
    state.transfers = [t for t in rows if t["order_id"] in state.orders]


def took(state: SimState, seconds: float) -> str:
    """'took 2 min 41 s (submit and wait for offers 80 s, ...)': the run's wall-clock time."""
    phases = ", ".join(f"{k} {v:.0f} s" for k, v in state.phase_s.items())
    return f"took {duration(seconds)} ({phases})" if phases else f"took {duration(seconds)}"


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def write_report(
    state: SimState, out: Path, compare: bool, meta: dict[str, str]
) -> tuple[Path, figures.Figures]:
    f = figures.compute(state)
    return report.write(state, f, out, compare, meta), f


def run_id() -> str:
    return uuid.uuid4().hex[:8]

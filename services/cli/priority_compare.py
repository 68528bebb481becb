"""`procnet simulate --compare-priority`: the same seeded season twice, once with matching's
low-income priority as configured and once with it at zero, side by side.

The priority is matching's freight budget (``GET/PUT /v1/budget``): the second run sets
every county's budget to 0 % (the cost-only plan, the matcher's plan without the
priority) and puts the setting back afterwards, whatever happens. Both runs draw the same
orders (same seed, same demand plan: order counts and units per week). The second run
cannot reuse the first run's days, which its jobs still hold in matching's calendars, so
it runs from the Monday after the first run's last day of work (intake takes orders at
most a year before they are due, so both runs must fit in the year ahead: ``fits``).
What still differs: the months (the demand plan is the first run's, so order counts and
units are not, but the seasons and workers' leave fall where the calendar puts them),
the brokers' answers are random but seeded the same, matching's holds depend on timing,
and the second run's providers carry the first run's delivery record. The comparison
is the figures of the simulated world: fees, freight and the fee reaching low-income
households (``money.py``), each run's own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from rich.console import Console

from services.cli import money as cli_money
from services.cli import simulate as sim
from services.cli.api import Api
from services.cli.demo_region import ADMIN_ID
from services.cli.sim_state import SimState
from shared.identity import Role

ZERO = {"default_percent": 0, "counties": {}}
YEAR = timedelta(weeks=52)
WORK_OFF = timedelta(weeks=13)  # simulate works off at most 12 weeks after the window


def fits(start: date, weeks: int, today: date) -> bool:
    """Whether both runs' orders can be due within intake's year ahead (a second run
    starts after the first's work-off; its last orders are due a few weeks after it)."""
    return start + 2 * timedelta(weeks=weeks) + WORK_OFF + timedelta(weeks=4) <= today + YEAR


@dataclass(frozen=True)
class RunFigures:
    label: str
    start: date
    budget: dict[str, Any]  # matching's setting during the run
    fees_fen: int
    low_income_fen: Fraction
    freight_fen: int
    units_placed: int

    @property
    def low_income_share(self) -> float:
        return float(self.low_income_fen / self.fees_fen) if self.fees_fen else 0.0

    @property
    def freight_share(self) -> float:
        return self.freight_fen / self.fees_fen if self.fees_fen else 0.0


def figures(label: str, state: SimState, budget: dict[str, Any]) -> RunFigures:
    m = cli_money.compute(state)
    placed = sum(j.units for j in state.jobs.values() if j.from_offer)
    return RunFigures(
        label, state.start, budget, m.fees_fen, m.reached["low_income"], m.freight_fen, placed
    )


def second_start(first: SimState) -> date:
    """The Monday after the first run's last day of work (its days stay held by its jobs)."""
    last = max([first.last_day, *(j.delivered_on for j in first.jobs.values() if j.delivered_on)])
    last = max([last, *(max(j.schedule) for j in first.jobs.values() if j.schedule)])
    return last + timedelta(days=7 - last.weekday())


async def run_twice(
    api: Api, first: date, weeks: int, per_week: int, seed: int, load: float,
    console: Console, transfer_wait_s: float,
) -> tuple[SimState, list[RunFigures]]:  # fmt: skip
    """The configured run (returned for the usual report) and both runs' figures."""
    who = api.as_(ADMIN_ID, Role.ADMIN)
    configured: dict[str, Any] = await api.json("matching", "GET", "/v1/budget", who)
    console.print(f"run 1 of 2: the priority as configured ({describe(configured)})")
    a = await sim.run(api, first, weeks, per_week, seed, load, console, transfer_wait_s)
    assert a.plan is not None
    start_b = second_start(a)
    console.print(f"run 2 of 2: the priority at zero, from {start_b}")
    await api.json("matching", "PUT", "/v1/budget", who, json=ZERO)
    try:
        b = await sim.run(
            api, start_b, weeks, per_week, seed, load, console, transfer_wait_s,
            plan=replace(a.plan, start=start_b),
        )  # fmt: skip
    finally:
        await api.json("matching", "PUT", "/v1/budget", who, json=configured)
    return a, [
        figures("priority as configured", a, configured),
        figures("priority at zero", b, ZERO),
    ]


def describe(budget: dict[str, Any]) -> str:
    own = ", ".join(f"{c} {p}%" for c, p in sorted(budget.get("counties", {}).items()))
    return f"freight budget {budget['default_percent']}% by default" + (f"; {own}" if own else "")


def section(runs: list[RunFigures]) -> list[str]:
    """The report's side-by-side table."""
    on, off = runs

    def delta(x: float, y: float) -> str:
        return f"{(x - y) / y:+.1%}" if y else "-"

    rows = [
        ("season starts", str(on.start), str(off.start), ""),
        ("matching's freight budget", describe(on.budget), describe(off.budget), ""),
        ("units placed (offered)", f"{on.units_placed:,}", f"{off.units_placed:,}",
         delta(on.units_placed, off.units_placed)),
        ("processing fees, yuan", cli_money.yuan(on.fees_fen), cli_money.yuan(off.fees_fen),
         delta(on.fees_fen, off.fees_fen)),
        ("share of fees reaching low-income households", f"{on.low_income_share:.2%}",
         f"{off.low_income_share:.2%}", delta(on.low_income_share, off.low_income_share)),
        ("fee reaching low-income households, yuan", cli_money.yuan(on.low_income_fen),
         cli_money.yuan(off.low_income_fen), delta(float(on.low_income_fen),
                                                    float(off.low_income_fen))),
        ("freight, yuan", cli_money.yuan(on.freight_fen), cli_money.yuan(off.freight_fen),
         delta(on.freight_fen, off.freight_fen)),
        ("freight as a share of fees", f"{on.freight_share:.2%}", f"{off.freight_share:.2%}",
         delta(on.freight_share, off.freight_share)),
    ]  # fmt: skip
    return [
        "## The low-income priority: with and without",
        "",
        "The same seeded season run twice through the running system, with matching's",
        "low-income priority as configured and with its freight budget at 0 % (the cheapest",
        "plan). The second run is the same orders (same seed and demand plan) from the Monday",
        "after the first run's work ends, because the first run's jobs still hold their days;",
        "so seasons may fall differently. Both runs' figures are their own simulated world's",
        "(delivered good units; fee reaching low-income households = each job's fee x its",
        "enterprise's low-income members / workforce).",
        "",
        "| figure | priority as configured | priority at zero | change |",
        "|---|---:|---:|---:|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
    ]


def append(report: Path, runs: list[RunFigures]) -> None:
    with report.open("a", encoding="utf-8") as out:
        out.write("\n" + "\n".join(section(runs)) + "\n")

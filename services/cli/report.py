"""The season report: Markdown with the figures, a utilisation table and two PNG charts.

Written for an office manager: dates are Lishui dates, every share says what it
is a share of, and a comparison with nothing to compare says so.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby
from pathlib import Path

from services.cli import charts
from services.cli.figures import Figures
from services.cli.metrics import pct, whole_pct
from services.cli.sim_orders import DemandPlan
from services.cli.sim_state import SimState
from services.cli.utilisation import REGION

COUNTERFACTUAL = (
    "The run without the balancer is a **counterfactual computed from the same data**, not a "
    "second pass: every order keeps the jobs its brokers accepted, with the schedules matching "
    "gave them, and the same workers leave for tea picking, but no units are transferred. A "
    "second pass would double the runtime and, because offers are answered at random and "
    "matching's holds depend on timing, would compare two different seasons; the counterfactual "
    "isolates what the transfers changed."
)
CAPACITY_BASIS = (
    "capacity: the seeded providers' units a day in the six simulated categories, seven days a "
    "week, times the seasons' factor for their county on each day"
)
ON_TIME_BASIS = (
    "an order is on time when every job of it finished, in the simulated world, on or before "
    "the order's deadline; orders that got no job are not counted"
)


def write(state: SimState, f: Figures, out: Path, compare: bool, meta: dict[str, str]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    charts.heatmap(f, out / "utilisation.png")
    charts.on_time(f, out / "on_time.png", compare)
    path = out / "report.md"
    path.write_text("\n".join(text(state, f, compare, meta)), encoding="utf-8")
    return path


def text(state: SimState, f: Figures, compare: bool, meta: dict[str, str]) -> list[str]:
    lines = [f"# procnet season simulation: orders submitted {f.first_day} to {f.last_day}", ""]
    lines += [f"- {k}: {v}" for k, v in meta.items()] + [""]
    lines += _asked(state, f) + _recorded(state, f) + _summary(f, compare) + _seasons(f)
    lines += _moved(f) + _actions(state) + _utilisation(f)
    lines += ["", "![utilisation](utilisation.png)", "", "![on-time rate](on_time.png)", ""]
    if compare:
        note = f.nothing_to_compare()
        lines += ["## With and without the balancer", "", note or COUNTERFACTUAL, ""]
    return lines


def orders_explained(plan: DemandPlan, submitted: int) -> str:
    """'40 a week × the month's demand factor: 2 weeks × 48 (Dec × 1.2) = 96 planned, 96 ...'."""
    per_week = [(plan.counts[k], plan.factor(k), _month(plan, k)) for k in range(plan.weeks)]
    parts = []
    for (count, factor, month), run in groupby(per_week):
        n = len(list(run))
        parts.append(f"{n} week{'s' * (n != 1)} × {count} ({month} × {factor:g})")
    said = (
        f"{plan.per_week} orders a week × the month's demand factor: "
        f"{' + '.join(parts)} = {plan.orders} planned"
    )
    if submitted == plan.orders:
        return f"{said}, {submitted} submitted."
    return f"{said}; {submitted} submitted (the others failed to submit)."


def _month(plan: DemandPlan, week: int) -> str:
    return (plan.start + timedelta(weeks=week)).strftime("%b")


def _asked(state: SimState, f: Figures) -> list[str]:
    out = ["## What was asked, ordered and scheduled", ""]
    if state.plan is not None:
        cap = sum(state.plan.capacity.values())
        out += [
            f"- Orders: {orders_explained(state.plan, f.orders)}",
            f"- Demand / capacity (`--load {state.plan.load:g}`): {f.ordered_units:,} units "
            f"ordered against {cap:,} units of capacity over the window = "
            f"{pct(f.ordered_units / cap if cap else None)} ({CAPACITY_BASIS}).",
        ]
    if f.load is not None:
        window, after = f.load.window, range(f.load.window_weeks, 10_000)
        inside, cap_in = f.load.total(window), f.load.total(window, "capacity")
        out += [
            f"- Placed with providers: {f.placed_units:,} units = "
            f"{pct(f.placed_units / cap_in if cap_in else None)} of the window's capacity (the "
            f"load above less what found no provider: {f.short_units:,} units).",
            f"- Scheduled inside the window: {inside:,} units = "
            f"{pct(inside / cap_in if cap_in else None)} of its capacity ({cap_in:,} units). "
            f"Scheduled after it: {f.load.total(after):,} units: materials arrive during the "
            "week and deadlines run 2 to 5 weeks on, so late orders are made after the window. "
            "The heat map and the table below show each week.",
        ]
    return [*out, ""]


def _summary(f: Figures, compare: bool) -> list[str]:
    partly = f" ({f.partly_placed} of them only partly)" if f.partly_placed else ""
    rows = [
        ("Orders placed", f"{f.placed} of {f.orders} orders",
         f"orders with at least one job{partly}; {f.short_units:,} units found no provider"),
        ("Orders unmatched", f"{f.unmatched} of {f.orders} orders", "intake's final status"),
        ("On time", f.on_time.text("placed orders"), ON_TIME_BASIS),
        ("Jobs delivered by the window's last day",
         f.jobs.text("jobs"),
         f"in the simulated world ({f.recorded} recorded by matching); "
         f"{f.delivered} of {f.jobs.whole} delivered by the end of the run, the last on "
         f"{f.last_delivery or 'n/a'}: after the window the run goes on week by week, with no "
         "new orders, until the work is delivered"),
        ("Submission to offer p50", _secs(f.p50_s),
         f"wall-clock, over the {f.offer_times} orders that got an offer"),
        ("Submission to offer p95", _secs(f.p95_s), "the same orders"),
        ("Fees earned, recorded by matching", f"{f.recorded_fees_fen / 100:,.2f} yuan",
         "good units of the deliveries matching accepted × the order's unit fee"),
        ("Fees earned in the simulated world", f"{f.fees_fen / 100:,.2f} yuan",
         "delivered good units × the order's unit fee, whether or not matching recorded them; "
         "the figures below are on this basis"),
        ("Estimated transport", f"{f.transport_fen / 100:,.2f} yuan",
         "round trip, provider's county to the order's market, for the delivered units"),
        ("Transport cost as a share of fees", pct(f.transport_share, 2), "the two lines above"),
        ("Share of fees earned by low-income household members", pct(f.low_income_share),
         "each enterprise's fees × the share of its workforce from low-income households"),
        ("Fees of enterprises with any low-income household member", pct(f.any_low_income_share),
         "the whole fee of an enterprise with even one such member: an upper bound"),
    ]  # fmt: skip
    if compare:
        basis = f.nothing_to_compare() or "counterfactual: the same run without transfers"
        rows.insert(3, ("On time without the balancer", f.on_time_without.text("placed orders"),
                        basis))  # fmt: skip
    out = ["## Figures", "", "| figure | value | based on |", "|---|---|---|"]
    return out + [f"| {k} | {v} | {b} |" for k, v, b in rows] + [""]


FUTURE_NOTE = (
    "Matching refuses deliveries dated in the future (Lishui date) or before the order's "
    "materials were ready, so a season simulated in the future is delivered in the simulated "
    "world only: its deliveries are not sent and matching records none of them. The delivery, "
    "on-time, fee and transport figures below are the simulated world's unless they say "
    "'recorded by matching'."
)


def _recorded(state: SimState, f: Figures) -> list[str]:
    """What the simulated world did next to what matching recorded, with every refusal."""
    out = [
        "## Delivered in the simulated world vs recorded by matching",
        "",
        f"Delivered in the simulated world: {f.delivered}; recorded by matching: {f.recorded}; "
        f"refused: {f.refused}; not sent: {f.unsent}.",
        "",
    ]
    if f.unsent:
        out += [FUTURE_NOTE, ""]
    if state.reports:
        out += ["| report | outcome | count |", "|---|---|---|"]
        rows = sorted(state.reports.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
        out += [f"| {what} | {outcome.replace('|', '/')} | {n} |" for (what, outcome), n in rows]
        out += [""]
    return out


def _secs(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def _seasons(f: Figures) -> list[str]:
    out = [f"## Seasons from {f.first_day} to {f.work_end} (the window and its work)", ""]
    if not f.seasons:
        nxt = f.next_season
        later = f" The next is {nxt.name}, from {nxt.start} to {nxt.end}." if nxt else ""
        return [*out, f"None: capacity was the providers' full base every day.{later}", ""]
    out += ["| season | from | to |", "|---|---|---|"]
    return out + [f"| {s.name} | {s.start} | {s.end} |" for s in f.seasons] + [""]


def _moved(f: Figures) -> list[str]:
    out = ["## What the balancer moved (GET /v1/transfers)", "", "| item | count |", "|---|---|"]
    keys = sorted(k for k in f.moved if k.startswith("transfers")) or ["transfers"]
    out += [f"| {k} | {f.moved.get(k, 0)} |" for k in keys]
    out += [
        f"| units moved | {f.moved.get('units moved', 0)} |",
        f"| transfer transport | {f.moved.get('transport fen', 0) / 100:,.2f} yuan |",
        "",
    ]
    if f.routes:
        out += ["| from county | to county | units |", "|---|---|---|"]
        out += [f"| {a} | {b} | {u} |" for (a, b), u in f.routes.most_common()] + [""]
    return out


def _actions(state: SimState) -> list[str]:
    out = ["## What the simulated users did", "", "| action | count |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in sorted(state.answers.items())]
    out += [f"| capacity loans offered | {state.loans} |", ""]
    if state.leave_fallback:
        out += [
            f"Tea leave went in as a county season because the broker route failed: "
            f"`{state.leave_fallback}`",
            "",
        ]
    out += ["| phase | wall-clock s |", "|---|---|"]
    out += [f"| {k} | {v:.1f} |" for k, v in state.phase_s.items()] + [""]
    return out


def _utilisation(f: Figures) -> list[str]:
    if f.load is None:
        return []
    load, weeks = f.load, range(f.load.columns)
    heads = [f"{load.monday(w)}{'' if w < load.window_weeks else ' (after)'}" for w in weeks]
    out = [
        "## Utilisation per county and week of (Monday, Lishui date)",
        "",
        "Work scheduled that week (matching's schedules of the accepted jobs) / capacity that "
        f"week ({CAPACITY_BASIS}); '-' where a county had no capacity; '(after)': weeks after "
        "the window, with only work ordered in it.",
        "",
        "| county | " + " | ".join(heads) + " |",
        "|---|" + "---|" * len(heads),
    ]
    for row in charts.ROWS:
        cells = [load.share(row, w) for w in weeks]
        name = "whole region" if row == REGION else row
        out.append(
            f"| {name} | " + " | ".join("-" if v is None else whole_pct(v) for v in cells) + " |"
        )
    return out

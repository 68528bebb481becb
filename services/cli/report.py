"""The season report: Markdown with the figures, a utilisation table and two PNG charts."""

from __future__ import annotations

from pathlib import Path

from services.cli import charts
from services.cli.demo_region import COUNTIES
from services.cli.figures import Figures
from services.cli.metrics import pct
from services.cli.sim_state import SimState

COUNTERFACTUAL = (
    "The run without the balancer is a **counterfactual computed from the same data**, not a "
    "second pass: every order keeps the jobs its brokers accepted, with the schedules matching "
    "gave them, and the same workers leave for tea picking, but no units are transferred. A "
    "second pass would double the runtime and, because offers are answered at random and "
    "matching's holds depend on timing, would compare two different seasons; the counterfactual "
    "isolates what the transfers changed."
)


def write(state: SimState, f: Figures, out: Path, compare: bool, meta: dict[str, str]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    charts.heatmap(f, state.weeks, out / "utilisation.png")
    charts.on_time(f, out / "on_time.png", compare)
    lines = [f"# procnet season simulation, {meta['start']} + {state.weeks} weeks", ""]
    lines += [f"- {k}: {v}" for k, v in meta.items()] + [""]
    lines += _summary(f, compare) + _moved(f) + _actions(state) + _utilisation(state, f)
    lines += ["", "![utilisation](utilisation.png)", "", "![on-time rate](on_time.png)", ""]
    if compare:
        lines += ["## With and without the balancer", "", COUNTERFACTUAL, ""]
    path = out / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _summary(f: Figures, compare: bool) -> list[str]:
    rows = [
        ("Orders placed", f"{f.placed} of {f.orders}"),
        ("Orders unmatched", f"{f.unmatched} (units left unplaced: {f.short_units})"),
        ("On-time rate", pct(f.on_time)),
        ("Submission to offer p50", _secs(f.p50_s)),
        ("Submission to offer p95", _secs(f.p95_s)),
        ("Transport cost as a share of fees", pct(f.transport_share, 2)),
        ("Fees earned (delivered good units)", f"{f.fees_fen / 100:,.2f} yuan"),
        ("Estimated transport", f"{f.transport_fen / 100:,.2f} yuan"),
        (
            "Share of fees reaching providers with low-income household members",
            pct(f.low_income_share),
        ),
    ]
    if compare:
        rows.insert(3, ("On-time rate without the balancer", pct(f.on_time_without)))
    out = ["## Figures", "", "| figure | value |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in rows]
    out += [
        "",
        f"Offer times are wall-clock, over the {f.offer_times} orders that got an offer.",
        "",
    ]
    return out


def _secs(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


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


def _utilisation(state: SimState, f: Figures) -> list[str]:
    weeks = range(state.weeks)
    out = ["## Utilisation per county and week (planned units / seasonal capacity)", ""]
    out += ["| county | " + " | ".join(f"w{w + 1}" for w in weeks) + " |"]
    out += ["|---|" + "---|" * len(weeks)]
    for c in COUNTIES:
        cells = [f.utilisation.get((c, w)) for w in weeks]
        out.append(f"| {c} | " + " | ".join("-" if v is None else f"{v:.0%}" for v in cells) + " |")
    return out

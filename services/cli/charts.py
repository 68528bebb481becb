"""PNG charts for the season report (matplotlib on the Agg backend: no display needed).

Each chart is built as a matplotlib Figure (tested on its objects: ticks, cell
labels, dates) and then saved. Weeks are labelled by their Monday, a Lishui
date, and every cell or point carries its number.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from services.cli.demo_region import COUNTIES
from services.cli.figures import Figures
from services.cli.metrics import whole_pct
from services.cli.utilisation import REGION

ROWS = (*COUNTIES, REGION)
SCALE_TOP = 120  # % at the darkest colour: overload stands out, 100% is still dark


def week_label(f: Figures, week: int) -> str:
    assert f.load is not None
    return f.load.monday(week).isoformat()


def heatmap_figure(f: Figures) -> Figure:
    """Utilisation % per county (rows, and the region) and week (columns), numbers in cells."""
    assert f.load is not None
    load, weeks = f.load, range(f.load.columns)
    values = [[_pct(load.share(c, w)) for w in weeks] for c in ROWS]
    fig, ax = plt.subplots(figsize=(max(7.0, len(weeks) * 0.55 + 2.5), 5.5))
    image = ax.imshow(values, aspect="auto", cmap="YlOrRd", vmin=0, vmax=SCALE_TOP)
    for row, line in enumerate(values):
        for col, v in enumerate(line):
            text = _cell(v)
            dark = not math.isnan(v) and v > 0.6 * SCALE_TOP
            ax.text(col, row, text, ha="center", va="center", fontsize=7,
                    color="white" if dark else "black")  # fmt: skip
    ax.axhline(len(COUNTIES) - 0.5, color="black", linewidth=1)  # the region's sum below
    ax.set_yticks(range(len(ROWS)), [_row_name(c) for c in ROWS])
    ax.set_xticks(list(weeks), [week_label(f, w) for w in weeks], rotation=60, fontsize=7)
    label = "week of (Monday, Lishui date)"
    if load.columns > load.window_weeks:
        ax.axvline(load.window_weeks - 0.5, color="black", linewidth=2)
        label += "\nright of the black line: after the window (work already ordered, no new orders)"
    ax.set_xlabel(label, fontsize=9)
    ax.set_title(
        "Work scheduled / seasonal capacity, % per county and week\n"
        f"(orders submitted {f.first_day} to {f.last_day})",
        fontsize=10,
    )  # fmt: skip
    fig.colorbar(image, ax=ax, label="scheduled / capacity %")
    fig.tight_layout()
    return fig


def on_time_figure(f: Figures, compare: bool) -> Figure:
    """Share of orders on time by the week of their deadline; 'n/m' orders at each point."""
    weeks = sorted(f.weekly_on_time)
    fig, ax = plt.subplots(figsize=(max(7.0, len(weeks) * 0.9 + 2), 4.5))
    with_b = [f.weekly_on_time[w][0] for w in weeks]
    ax.plot(weeks, [_pct(t.share) for t in with_b], marker="o", label="with the balancer")
    for w, t in zip(weeks, with_b, strict=True):
        ax.annotate(f"{t.part}/{t.whole}", (w, _pct(t.share)), textcoords="offset points",
                    xytext=(0, 7), ha="center", fontsize=7)  # fmt: skip
    note = f.nothing_to_compare() if compare else None
    if compare and note is None:
        without = [_pct(f.weekly_on_time[w][1].share) for w in weeks]
        ax.plot(weeks, without, marker="x", linestyle="--",
                label="without (counterfactual: same placements, no transfers)")  # fmt: skip
    if note:
        text = textwrap.fill("Nothing to compare with and without the balancer: " + note, 95)
        ax.text(0.01, 0.03, text, transform=ax.transAxes, fontsize=7, va="bottom")
    ax.set_xticks(weeks, [week_label(f, w) for w in weeks], rotation=30, fontsize=7)
    ax.set_xlim(min(weeks, default=0) - 0.5, max(weeks, default=0) + 0.5)
    ax.set_ylim(0, 125)  # room above 100% for the 'n/m' labels and the legend
    ax.set_yticks(range(0, 101, 20))
    ax.set_xlabel("week of the order's deadline (Monday, Lishui date)")
    ax.set_ylabel("orders on time, % of those due")
    ax.set_title(f"On-time rate: {f.on_time.text('placed orders')}", fontsize=10)
    ax.legend(loc="upper left", fontsize=8, ncols=2)
    fig.tight_layout()
    return fig


def save(fig: Figure, path: Path) -> Path:
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def heatmap(f: Figures, path: Path) -> Path:
    return save(heatmap_figure(f), path)


def on_time(f: Figures, path: Path, compare: bool) -> Path:
    return save(on_time_figure(f, compare), path)


def _cell(percent: float) -> str:
    return "no cap." if math.isnan(percent) else whole_pct(percent / 100)


def _row_name(county: str) -> str:
    return "Whole region" if county == REGION else county.capitalize()


def _pct(value: object) -> float:
    return float("nan") if value is None else float(value) * 100  # type: ignore[arg-type]

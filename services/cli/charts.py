"""PNG charts for the season report (matplotlib on the Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from services.cli.demo_region import COUNTIES
from services.cli.figures import Figures


def heatmap(f: Figures, weeks: int, path: Path) -> Path:
    """Utilisation per county (rows) and simulated week (columns); blank where no capacity."""
    counties = list(COUNTIES)
    grid = [[f.utilisation.get((c, w)) for w in range(weeks)] for c in counties]
    values = [[float("nan") if v is None else v * 100 for v in row] for row in grid]
    fig, ax = plt.subplots(figsize=(max(6.0, weeks * 0.35 + 2), 4.5))
    image = ax.imshow(values, aspect="auto", cmap="YlOrRd", vmin=0, vmax=120)
    ax.set_yticks(range(len(counties)), [c.capitalize() for c in counties])
    ax.set_xticks(range(weeks), [str(w + 1) for w in range(weeks)], fontsize=7)
    ax.set_xlabel("simulated week")
    ax.set_title("Planned load against seasonal capacity (%)")
    fig.colorbar(image, ax=ax, label="utilisation %")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def on_time(f: Figures, path: Path, compare: bool) -> Path:
    """On-time rate by deadline week, with the balancer and (if compared) without it."""
    weeks = sorted(f.weekly_on_time)
    with_b = [_pct(f.weekly_on_time[w][0]) for w in weeks]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot([w + 1 for w in weeks], with_b, marker="o", label="with the balancer")
    if compare:
        without = [_pct(f.weekly_on_time[w][1]) for w in weeks]
        ax.plot([w + 1 for w in weeks], without, marker="x", linestyle="--",
                label="without (counterfactual: same placements, no transfers)")  # fmt: skip
    ax.set_ylim(0, 105)
    ax.set_xlabel("week of the order's deadline")
    ax.set_ylabel("orders on time %")
    ax.set_title("On-time rate")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _pct(value: object) -> float:
    return float("nan") if value is None else float(value) * 100  # type: ignore[arg-type]

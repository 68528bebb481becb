"""The money section's chart: where a season's fees went, every bar with its yuan."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from services.cli.charts import save
from services.cli.money import GROUPS, Money


def bars(m: Money) -> list[tuple[str, float]]:
    """(label, yuan) for the fees, what they cost and earned, and whom they reached."""
    rows = [
        ("fees", m.fees_fen / 100),
        ("freight", m.freight_fen / 100),
        ("freight subsidy", m.freight_subsidy_fen / 100),
    ]
    rows += [(f"reached {g.replace('_', ' ')}", float(m.reached[g]) / 100) for g in GROUPS]
    if m.awards is not None:
        rows.append(("broker awards", m.awards_fen / 100))
    return rows


def money_figure(m: Money) -> Figure:
    rows = bars(m)
    fig = Figure(figsize=(8, 4.5))
    ax = fig.subplots()
    labels, values = [r[0] for r in rows], [r[1] for r in rows]
    ax.barh(labels, values, color="#3b7dd8")
    ax.invert_yaxis()
    for y, v in enumerate(values):
        ax.text(v, y, f" {v:,.0f}", va="center", fontsize=8)
    ax.set_xlabel("yuan")
    ax.set_title("Where the season's processing fees went (simulated world)")
    fig.tight_layout()
    return fig


def money_chart(m: Money, path: Path) -> Path:
    return save(money_figure(m), path)

"""The charts read well: integer week ticks labelled with Lishui dates, numbers on every cell."""

from collections.abc import Iterator
from datetime import date, timedelta

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from services.cli import charts, figures
from services.cli.charts import ROWS
from tests.unit.cli.synthetic import LOW, MON, NONE, job, state


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _axes(fig: Figure) -> Axes:
    return fig.axes[0]  # the plot; a heat map's colour bar comes second


def _labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_xticklabels()]


def test_the_heat_map_has_a_dated_column_per_week_and_a_number_in_every_cell() -> None:
    s = state()
    s.jobs["j3"] = job("j3", "a", NONE.id, MON + timedelta(weeks=2), 3)  # after the window
    fig = charts.heatmap_figure(figures.compute(s))
    ax = _axes(fig)
    assert list(ax.get_xticks()) == [0, 1, 2]
    assert _labels(ax) == ["2026-12-07", "2026-12-14", "2026-12-21"]
    cells = [t.get_text() for t in ax.texts if t.get_text().endswith("%")]
    assert len(cells) == len(ROWS) * 3  # one number per county (and the region) and week
    assert "after the window" in ax.get_xlabel()
    assert "2026-12-07 to 2026-12-20" in ax.get_title()
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Whole region"


def test_a_week_without_capacity_says_so_in_its_cells() -> None:
    s = state(start=date(2027, 2, 1), weeks=1)  # Spring Festival: no county works
    s.jobs = {}
    ax = _axes(charts.heatmap_figure(figures.compute(s)))
    assert [t.get_text() for t in ax.texts].count("no cap.") == len(ROWS)


def test_on_time_ticks_are_whole_weeks_labelled_by_their_monday() -> None:
    s = state()
    s.orders["b"].deadline = MON + timedelta(weeks=4, days=2)
    fig = charts.on_time_figure(figures.compute(s), compare=True)
    ax = _axes(fig)
    ticks = list(ax.get_xticks())
    assert ticks == [2, 4] and all(float(t).is_integer() for t in ticks)  # never 3.5
    assert _labels(ax) == ["2026-12-21", "2027-01-04"]
    assert {t.get_text() for t in ax.texts} >= {"1/1"}  # orders on time / due that week
    assert "2 of 2 placed orders" in ax.get_title()


def test_nothing_to_compare_draws_one_line_and_says_why() -> None:
    ax = _axes(charts.on_time_figure(figures.compute(state()), compare=True))
    assert len(ax.get_lines()) == 1
    note = " ".join(t.get_text() for t in ax.texts)
    assert "Nothing to compare" in note and "No season fell" in note


def test_a_comparison_draws_both_lines() -> None:
    s = state(start=date(2027, 3, 15))
    s.transfers = [{"state": "completed", "units": 300, "transport_cost_fen": 100,
                    "from_provider_id": LOW.id, "to_provider_id": NONE.id}]  # fmt: skip
    ax = _axes(charts.on_time_figure(figures.compute(s), compare=True))
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == [
        "with the balancer",
        "without (counterfactual: same placements, no transfers)",
    ]

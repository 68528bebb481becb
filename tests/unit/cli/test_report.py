"""The report's text says what each figure counts, explains the order count and the load."""

from pathlib import Path

from services.cli import figures, report, simulate
from services.cli.sim_orders import DemandPlan
from tests.unit.cli.synthetic import MON, state

META = {"start": "2026-12-07", "weeks": "2", "orders per week": "40", "load": "0.8"}


def _text(compare: bool = True) -> str:
    s = state()
    return "\n".join(report.text(s, figures.compute(s), compare, META))


def test_the_order_count_is_explained() -> None:
    plan = DemandPlan.for_window(MON, 2, 40, 0.8)
    assert report.orders_explained(plan, 96) == (
        "40 orders a week × the month's demand factor: 2 weeks × 48 (Dec × 1.2) = 96 planned, "
        "96 submitted."
    )
    across = DemandPlan.for_window(MON, 5, 40, 0.8)  # December into January
    assert "4 weeks × 48 (Dec × 1.2) + 1 week × 44 (Jan × 1.1) = 236 planned" in (
        report.orders_explained(across, 230)
    )
    assert report.orders_explained(across, 230).endswith(
        "; 230 submitted (the others failed to submit)."
    )


def test_figures_come_with_what_they_are_based_on() -> None:
    text = _text()
    assert "| On time | 2 of 2 placed orders (100.0%) | an order is on time when every job" in text
    assert "| Jobs delivered by the window's last day | 2 of 2 jobs (100.0%) |" in text
    assert "Share of fees earned by low-income household members" in text
    assert "each enterprise's fees × the share of its workforce" in text


def test_load_is_reported_as_demand_over_capacity_with_its_basis() -> None:
    text = _text()
    assert "Demand / capacity (`--load 0.8`): 3,000 units ordered against" in text
    assert "seven days a week, times the seasons' factor" in text
    assert "Scheduled inside the window: 1,000 units" in text
    assert "- Placed with providers: 1,000 units = 0.0% of the window's capacity" in text


def test_the_report_says_plainly_when_there_is_nothing_to_compare() -> None:
    text = _text()
    assert "## With and without the balancer\n\nNo season fell in this run" in text
    assert "| On time without the balancer | 2 of 2 placed orders (100.0%) | No season" in text
    assert "None: capacity was the providers' full base every day." in text


def test_the_utilisation_table_is_dated(tmp_path: Path) -> None:
    s = state()
    path = report.write(s, figures.compute(s), tmp_path, True, META)
    text = path.read_text(encoding="utf-8")
    assert "| county | 2026-12-07 | 2026-12-14 |" in text
    assert "| whole region |" in text
    assert (tmp_path / "utilisation.png").stat().st_size > 0
    assert (tmp_path / "on_time.png").stat().st_size > 0


def test_the_weekly_log_line_says_what_it_counts() -> None:
    s = state()
    s.jobs["j2"].delivered, s.jobs["j2"].delivered_on = False, None
    s.answers.update({"accepted": 2, "declined": 1})
    assert simulate.progress_line(s, 0) == (
        "week 1/2 (week of 2026-12-07): 3 of 96 planned orders submitted, 2 offered, "
        "offers accepted 2, declined 1; "
        "1 of 2 jobs delivered in the simulated world so far; recorded by matching: 0"
    )
    assert simulate.progress_line(s, None) == (
        "after the window (no new orders): 1 of 2 jobs delivered in the simulated world, "
        "the last on 2026-12-13; recorded by matching: 0"
    )

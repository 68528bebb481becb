"""`procnet simulate --compare-priority`: the second run's start and the side-by-side table."""

from datetime import date, timedelta

from services.cli.priority_compare import ZERO, figures, fits, second_start, section
from tests.unit.cli import synthetic


def test_the_second_run_starts_the_monday_after_the_first_runs_work() -> None:
    s = synthetic.state()  # two weeks from Monday 7 December; deliveries on 13 December
    assert second_start(s) == synthetic.MON + timedelta(weeks=2)
    s.jobs["j1"].delivered_on = date(2027, 1, 6)  # a Wednesday
    assert second_start(s) == date(2027, 1, 11)
    s.jobs["j2"].schedule[date(2027, 1, 12)] = 5  # held days count even if not delivered
    assert second_start(s) == date(2027, 1, 18)


def test_both_runs_must_fit_in_intakes_year_ahead() -> None:
    today = date(2026, 12, 1)
    assert fits(date(2026, 12, 7), 8, today)
    assert fits(date(2026, 12, 7), 16, today)
    assert not fits(date(2026, 12, 7), 26, today)
    assert not fits(date(2027, 6, 7), 8, today)


def test_the_table_shows_both_runs_low_income_share_and_freight() -> None:
    on = synthetic.state()  # j1 (low-income provider) and j2 (none) delivered
    off = synthetic.state()
    off.jobs["j1"].provider_id = synthetic.NONE.id  # the same work, none of it low-income
    configured = {"default_percent": 2.0, "counties": {"suichang": 3.0}}
    runs = [figures("priority as configured", on, configured), figures("off", off, ZERO)]
    assert runs[0].low_income_share > 0 == runs[1].low_income_share
    assert runs[0].fees_fen == runs[1].fees_fen
    text = "\n".join(section(runs))
    assert "| share of fees reaching low-income households | " in text
    assert f"{runs[0].low_income_share:.2%} | 0.00% |" in text
    assert "| freight as a share of fees |" in text
    assert "freight budget 2.0% by default; suichang 3.0%" in text
    assert "freight budget 0% by default" in text

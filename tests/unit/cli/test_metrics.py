"""Report arithmetic: percentiles, exact shares and on-time rates."""

from datetime import date
from fractions import Fraction

import pytest

from services.cli import metrics


def test_percentile_interpolates_between_ranks_like_numpy() -> None:
    values = [1.0, 2.0, 3.0, 4.0]
    assert metrics.percentile(values, 50) == 2.5
    assert metrics.percentile(values, 95) == pytest.approx(3.85)
    assert metrics.percentile(values, 0) == 1.0 and metrics.percentile(values, 100) == 4.0


def test_percentile_of_one_value_and_of_none() -> None:
    assert metrics.percentile([7.0], 95) == 7.0
    assert metrics.percentile([], 50) is None


def test_percentile_ignores_input_order_and_refuses_bad_p() -> None:
    assert metrics.percentile([9.0, 1.0, 5.0], 50) == 5.0
    with pytest.raises(ValueError):
        metrics.percentile([1.0], 101)


def test_share_is_exact_and_none_without_a_whole() -> None:
    assert metrics.share(5, 100) == Fraction(1, 20)
    assert metrics.share(1, 3) == Fraction(1, 3)
    assert metrics.share(1, 0) is None


def test_an_order_is_on_time_only_when_every_job_is() -> None:
    deadline = date(2027, 4, 1)
    assert metrics.order_on_time([(date(2027, 4, 1), deadline), (date(2027, 3, 20), deadline)])
    assert not metrics.order_on_time([(date(2027, 4, 2), deadline), (date(2027, 3, 1), deadline)])
    assert not metrics.order_on_time([])


def test_percent_text() -> None:
    assert metrics.pct(Fraction(1, 8)) == "12.5%"
    assert metrics.pct(Fraction(1, 20), 2) == "5.00%"
    assert metrics.pct(None) == "n/a"


def test_tallies_say_what_a_share_is_of() -> None:
    assert metrics.Tally(42, 97).text("jobs") == "42 of 97 jobs (43.3%)"
    assert (
        metrics.Tally(0, 0).share is None and metrics.Tally(0, 0).text("jobs") == "no jobs to count"
    )


def test_a_small_share_is_not_shown_as_zero() -> None:
    assert [metrics.whole_pct(v) for v in (0, 0.001, 0.006, 0.126, 1.2)] == [
        "0%", "<1%", "1%", "13%", "120%"]  # fmt: skip

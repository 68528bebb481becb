"""Reliability figures smoothed toward the market: a small broker is neither trusted
nor shunned on two lots; a long record speaks for itself."""

from __future__ import annotations

from decimal import Decimal as D

from services.fulfilment.domain.reliability import Figure, Record, figures

MARKET = Record(lots=1000, late=50, rejected=100)  # 95 % on time, 90 % good


def rate(figure: Figure) -> D:
    assert figure.rate_pct is not None  # the market has inspected lots
    return figure.rate_pct


def test_a_newcomer_is_shown_the_market_figure_on_no_lots() -> None:
    on_time, quality = figures(Record(), MARKET)
    assert (on_time.rate_pct, quality.rate_pct, quality.lots, quality.own_pct) == (
        D("95.0"),
        D("90.0"),
        0,
        None,
    )


def test_no_figure_while_no_lot_in_the_market_has_been_inspected() -> None:
    on_time, quality = figures(Record(), Record())
    assert on_time.rate_pct is None and quality.rate_pct is None and quality.lots == 0
    _, first = figures(Record(lots=1), Record(lots=1))  # the market is its one lot
    assert first.rate_pct is not None and first.own_pct == D(100)


def test_two_lots_move_the_figure_only_part_of_the_way() -> None:
    _, one_bad_of_two = figures(Record(lots=2, rejected=1), MARKET)
    assert one_bad_of_two.own_pct == D("50.0")
    assert D(65) < rate(one_bad_of_two) < D(90)  # (1 + 0.2) / 4 = 30 % bad


def test_one_bad_lot_in_forty_one_stays_near_its_own_figure() -> None:
    _, steady = figures(Record(lots=41, rejected=1), MARKET)
    _, poor = figures(Record(lots=4, rejected=3), MARKET)
    assert rate(steady) > D(90) > rate(poor)

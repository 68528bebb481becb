"""The broker's record card: a rate with the lots it rests on, and no figure at all while
nothing in the market has been inspected (the prior's 50 % alone means nothing)."""

from __future__ import annotations

from services.portal.i18n import use_language
from services.portal.rendering import ENV

NONE_YET: dict[str, object] = {"rate_pct": None, "own_pct": None, "lots": 0}
MARKET: dict[str, object] = {"rate_pct": "93.3", "own_pct": None, "lots": 0}


def _card(figure: dict[str, object]) -> str:
    template = ENV.get_template("materials/_record.html")
    with use_language("zh"):
        return template.render(record={"on_time": figure, "quality": figure}, title="记录")


def test_no_figure_while_the_market_has_no_inspected_lot() -> None:
    html = _card(NONE_YET)
    assert "%" not in html
    assert html.count("尚无记录：市场上还没有验收过的批次") == 2


def test_a_newcomer_is_shown_the_markets_rate() -> None:
    html = _card(MARKET)
    assert html.count("93%") == 2 and "尚无验收记录：按市场平均" in html

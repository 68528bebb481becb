"""Money, dates and enum values as each language writes them."""

from datetime import date

import pytest

from services.portal.i18n import use_language
from services.portal.i18n.formatting import day, moment, money, number
from services.portal.i18n.labels import label, options


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (123450, "¥1,234.50"),
        (5, "¥0.05"),
        (0, "¥0.00"),
        (-1999, "-¥19.99"),
        (100000000, "¥1,000,000.00"),
    ],
)
def test_money_from_integer_fen(fen: int, text: str) -> None:
    assert money(fen) == text


def test_dates_in_chinese_and_english() -> None:
    with use_language("zh"):
        assert day(date(2026, 3, 5)) == "2026年3月5日"
        assert day("2026-12-31") == "2026年12月31日"
    with use_language("en"):
        assert day(date(2026, 3, 5)) == "Mar 5, 2026"


def test_moments_are_shown_in_lishui_time() -> None:
    with use_language("zh"):
        # 20:30 UTC is 04:30 the next day in Lishui
        assert moment("2026-03-04T20:30:00+00:00") == "2026年3月5日 04:30"


def test_enum_values_are_translated() -> None:
    with use_language("zh"):
        assert label("order_status", "PARTIALLY_PLACED") == "部分已分配"
        assert label("county", "jinyun") == "缙云县"
        assert label("mode", "home") == "分散居家加工"
    with use_language("en"):
        assert label("order_status", "PARTIALLY_PLACED") == "Partially placed"


def test_an_unknown_value_is_shown_as_it_is() -> None:
    assert label("order_status", "SOMETHING_NEW") == "SOMETHING_NEW"


def test_options_list_every_status_translated() -> None:
    with use_language("zh"):
        chips = dict(options("order_status"))
    assert chips["MATCHING"] == "匹配中"
    assert len(chips) == 8


def test_numbers_have_thousands_separators() -> None:
    assert number(12000) == "12,000"

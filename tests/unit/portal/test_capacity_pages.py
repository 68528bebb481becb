"""The broker's capacity and calendar pages, the office's amend page and the public open-work
board: their forms' checks, how a service's refusal is said in each language, and that each
template renders in both languages."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from services.portal import amend_form, capacity_forms
from services.portal.i18n import use_language
from services.portal.rendering import ENV
from services.portal.routes.capacity import weekly
from services.portal.session import Session
from shared.region import clock

ORDER = {"quantity": 1200, "deadline": "2026-03-20"}


def test_an_exception_body_carries_one_kind_and_checks_its_numbers() -> None:
    form = {"first_day": "2026-04-01", "last_day": "2026-04-20", "kind": "percent",
            "value": "0", "category": "", "reason": "采茶"}  # fmt: skip
    body, errors = capacity_forms.check_exception(form, ["tea"])
    assert errors == {}
    assert body == {"reason": "采茶", "category": None, "first_day": "2026-04-01",
                    "last_day": "2026-04-20", "percent": 0}  # fmt: skip
    with use_language("en"):
        _, errors = capacity_forms.check_exception({**form, "value": "301"}, ["tea"])
        assert errors == {"value": "Enter a whole percentage of the usual capacity, 0 to 300"}
        _, errors = capacity_forms.check_exception(
            {**form, "kind": "units", "value": "-3", "last_day": "soon", "category": "x"}, ["tea"]
        )
        assert set(errors) == {"value", "last_day", "category"}


def test_matchings_range_and_window_refusals_are_said_in_chinese_beside_the_field() -> None:
    # Noon in Lishui: a UTC instant with only its date replaced is the next Lishui day
    # after 16:00 UTC (CI failed so at 16:xx).
    noon = datetime(2026, 12, 1, 12, tzinfo=clock.LISHUI)
    with use_language("zh"), clock.frozen_at(noon):
        said = capacity_forms.service_errors(
            {"last_day": "first_day to last_day may cover at most 366 days"}
        )
        assert said == {"last_day": "一条例外最多 366 天：更长的假期请分开填写"}
        said = capacity_forms.service_errors(
            {"first_day": "must be between 2025-11-30 and 2028-12-02 (one year back ...)"}
        )
        assert said["first_day"].startswith("请选择 2025年11月30日 到 2028年12月2日")
        assert capacity_forms.service_errors({"units": "x"}) == {
            "value": "撮合服务拒绝了这个值，请检查"
        }


def test_capacity_takes_whole_units_up_to_a_million() -> None:
    assert capacity_forms.check_capacity({"units_per_day": "350"}) == (350, {})
    assert capacity_forms.check_capacity({"units_per_day": "1000001"})[1]
    assert capacity_forms.check_capacity({"units_per_day": "3.5"})[1]


def test_free_days_sum_by_week_from_the_first_day() -> None:
    first = date(2026, 12, 1)
    days = [{"day": (first + timedelta(days=i)).isoformat(), "capacity": 10, "held": 1,
             "booked": 2, "free": 7} for i in range(56)]  # fmt: skip
    weeks = weekly(days, first)
    assert len(weeks) == 8
    assert weeks[1] == {"first": date(2026, 12, 8), "capacity": 70, "booked": 14, "held": 7,
                        "free": 49}  # fmt: skip


def test_amend_sends_only_what_changed_and_says_placed_units_beside_the_quantity() -> None:
    body, errors = amend_form.check({"quantity": "1500", "deadline": "2026-03-20"}, ORDER)
    assert (body, errors) == ({"quantity": 1500}, {})
    with use_language("en"):
        _, errors = amend_form.check({"quantity": "1200", "deadline": "2026-03-20"}, ORDER)
        assert errors == {"quantity": "Change the quantity, the deadline or both"}
    with use_language("zh"):
        notice, errors = amend_form.conflict(
            "1200 units are already placed; quantity cannot go below"
        )
        assert notice == ""
        assert errors == {"quantity": "已有 1,200 件分配给加工企业：数量不能少于这个数"}
        notice, errors = amend_form.conflict("cannot amend an order that is IN_PRODUCTION")
        assert notice.startswith("这个订单已经不能修改") and errors == {}


EXCEPTION = {"id": str(uuid.uuid4()), "category": None, "first_day": "2026-04-01",
             "last_day": "2026-04-20", "percent": 0, "units": None, "reason": "采茶"}  # fmt: skip
PAGES: dict[str, dict[str, Any]] = {
    "capacity/capacity.html": {
        "provider": {"id": "p", "categories": {"tea": 300, "beads": 50}},
        "mine": ["beads", "tea"], "chosen": "tea", "names": {"tea": "茶"},
        "weeks": weekly([], date(2026, 12, 1)), "chart_json": json.dumps({"days": []}),
        "notice": "n", "failed_category": "tea", "v": {"units_per_day": "x"},
        "errors": {"units_per_day": "bad"},
    },
    "capacity/calendar.html": {
        "exceptions": [EXCEPTION, {**EXCEPTION, "units": 20, "percent": None, "category": "tea"}],
        "choices": [("tea", "茶")], "names": {}, "v": {"kind": "units"},
        "errors": {"last_day": "too long"}, "notice": "",
    },
    "amend/order.html": {
        "order": {**ORDER, "id": "o", "category": "tea", "description": "d", "status": "MATCHING",
                  "placed_units": 0, "materials_ready": "2026-03-01"},
        "names": {}, "v": ORDER, "errors": {"deadline": "d"}, "problem": "p", "amendable": True,
    },
    "open_work/board.html": {
        "items": [{"category": "tea", "quantity_band": "500_to_1999", "market": "yiwu",
                   "deadline": "2026-03-20"}],
        "next_cursor": "abc=", "first_page": False, "names": {}, "band": str,
    },
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_renders(name: str, lang: str) -> None:
    base = {"request": SimpleNamespace(), "session": Session(), "lang": lang, "public_menu": [],
            "own_menu": [], "csrf_field": lambda: "", "path": "/"}  # fmt: skip
    with use_language(lang):
        html = ENV.get_template(name).render({**base, **PAGES[name]})
    assert "</html>" in html

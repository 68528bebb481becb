"""Factory and federation pages without services: their templates render in both
languages, the heat map's data, the balancer forms' checks and 422 mapping, and the
unmatched reason read from intake's history."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from markupsafe import Markup

from services.portal import balancer_forms, heatmap
from services.portal.i18n import use_language
from services.portal.i18n.labels import label
from services.portal.rendering import ENV
from services.portal.routes.federation import _with_reason
from services.portal.session import Session

TRANSFER = {
    "id": str(uuid.uuid4()), "category": "bead_work", "units": 120, "state": "proposed",
    "schedule": [{"day": "2026-03-02", "units": 60}], "first_day": "2026-03-02",
    "last_day": "2026-03-03", "transport_cost_fen": 1234, "expires_at": "2026-03-01T02:00:00+00:00",
    "reason": None,
}  # fmt: skip
LOAN = {
    "id": str(uuid.uuid4()), "category": "bead_work", "start": "2026-03-01", "end": "2026-03-09",
    "units_per_day": 50, "state": "offered", "reservations": [{"units": 20}],
}  # fmt: skip
ROWS = [
    {"county": "jinyun", "iso_year": 2026, "iso_week": 10, "planned_units": 150,
     "capacity_units": 100, "overloaded": True},
    {"county": "suichang", "iso_year": 2026, "iso_week": 11, "planned_units": 0,
     "capacity_units": 0, "overloaded": False},
    {"county": "nowhere", "iso_year": 2026, "iso_week": 11, "planned_units": 1,
     "capacity_units": 1, "overloaded": False},
]  # fmt: skip
CHART = heatmap.chart_data(ROWS)
PAGES: dict[str, dict[str, Any]] = {
    "factory/transfers.html": {
        "proposed": [TRANSFER], "answered": [{**TRANSFER, "state": "declined", "reason": "忙"}],
        "names": {}, "notice": "n", "problem": "p", "failed_transfer": TRANSFER["id"],
        "v": {"reason": "x"}, "errors": {"reason": "too long"},
    },
    "factory/loans.html": {"loans": [LOAN], "names": {"bead_work": "串珠"}, "notice": "",
                           "problem": "", "v": {}, "errors": {"units_per_day": "e"}},
    "factory/receivers.html": {
        "opt_ins": [{"id": "1", "category": "a", "start": "2026-03-01", "end": "2026-03-02",
                     "active": True}], "names": {}, "notice": "", "v": {}, "errors": {},
    },
    "federation/load.html": {"chart": CHART, "chart_json": Markup(json.dumps(CHART))},
    "federation/unmatched.html": {
        "orders": [{"id": "1", "category": "a", "quantity": 5, "status": "UNMATCHED",
                    "shortfall": 5, "reason": "no provider for the category",
                    "origin_market": "yiwu", "deadline": "2026-03-20", "office_id": "o"}],
        "names": {}, "next_cursor": "c", "offices": {"o": "遂昌县义乌联络处"},
    },
    "federation/seasons.html": {
        "seasons": [{"id": "1", "name": "茶", "start": "2026-04-01", "end": "2026-04-20",
                     "factors": [{"county": "jinyun", "factor": "0.6", "village_group": None}]}],
        "notice": "", "v": {"factor": "9"}, "errors": {"factor": "0 to 2"},
    },
    "federation/providers.html": {
        "providers": [{"id": "1", "name": "p", "county": "songyang", "township": "t",
                       "village": "v", "mode": "centre", "broker_name": "b", "contact": "c",
                       "workforce": {"total": 4, "low_income": 1}, "categories": {"a": 5},
                       "delivered_jobs": 1, "late_jobs": 0}],
        "county": "", "names": {},
    },
    "federation/organisations.html": {
        "offices": [{"id": str(uuid.uuid4()), "name": "o", "county": "jinyun", "market": "yiwu"}],
        "admins": [{"id": str(uuid.uuid4()), "name": "Federation"}],
    },
    "federation/secret.html": {"kind": "office", "org_id": str(uuid.uuid4()), "secret": "s3"},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_renders(name: str, lang: str) -> None:
    base = {
        "request": SimpleNamespace(), "session": Session(), "lang": lang, "public_menu": [],
        "own_menu": [], "csrf_field": lambda: "", "path": "/",
    }  # fmt: skip
    with use_language(lang):
        html = ENV.get_template(name).render({**base, **PAGES[name]})
    assert "</html>" in html


def test_heat_map_cells_carry_load_and_leave_unknown_counties_out() -> None:
    hot = next(c for c in CHART["cells"] if c["county"] == "jinyun")
    assert (hot["percent"], hot["capacity"], hot["week"]) == (150, 100, "2026-W10")
    idle = next(c for c in CHART["cells"] if c["county"] == "suichang")
    assert idle["percent"] is None  # no capacity: no percentage, not a division by zero
    assert "nowhere" not in {c["county"] for c in CHART["cells"]}
    assert CHART["week_keys"] == ["2026-W10", "2026-W11"]
    assert CHART["county_keys"][hot["y"]] == "jinyun"


def test_heat_map_labels_follow_the_language() -> None:
    with use_language("zh"):
        zh = heatmap.chart_data(ROWS)
    with use_language("en"):
        en = heatmap.chart_data(ROWS)
    assert "缙云县" in zh["counties"] and "Jinyun" in en["counties"]
    assert zh["weeks"][0] == "2026年3月2日当周" and en["weeks"][0] == "Week of Mar 2, 2026"


def test_season_form_checks_formats_and_leaves_rules_to_the_balancer() -> None:
    form = {"name": " ", "start": "2027-04-01", "end": "tomorrow", "county": "", "factor": "x"}
    with use_language("en"):
        _, errors = balancer_forms.season(form)
    assert set(errors) == {"name", "end", "county", "factor"}
    body, errors = balancer_forms.season(
        {"name": "tea", "start": "2027-04-01", "end": "2027-03-01", "county": "jinyun",
         "factor": "5"}
    )  # fmt: skip
    assert errors == {}  # out of range and end before start: the balancer's rules, not ours
    assert body["factors"] == [{"county": "jinyun", "factor": "5"}]


def test_balancer_field_errors_land_beside_the_field_in_the_page_language() -> None:
    fields = {"factors.0.factor": "Input should be less than or equal to 2", "end": "x"}
    with use_language("zh"):
        found = balancer_forms.service_errors(fields, balancer_forms.SEASON_FIELDS)
    assert found == {
        "factor": "请输入 0 到 2 之间的系数，如 0.6（1 为正常周）",
        "end": "请输入不早于开始日期、一年之内的结束日期",
    }
    with use_language("en"):
        bigger = balancer_forms.service_errors({"units_per_day": "exceeds"}, ("units_per_day",))
    assert bigger["units_per_day"].startswith("More units a day than you can lend")
    odd = balancer_forms.service_errors({"body": "?"}, balancer_forms.LOAN_FIELDS)
    assert list(odd) == ["category"]  # a field the form lacks goes to its first field


def test_loan_form_wants_whole_units() -> None:
    _, errors = balancer_forms.loan(
        {"category": "a", "start": "2027-01-01", "end": "2027-01-02", "units_per_day": "1.5"}
    )
    assert list(errors) == ["units_per_day"]
    ok, errors = balancer_forms.loan(
        {"category": "a", "start": "2027-01-01", "end": "2027-01-02", "units_per_day": "40"}
    )
    assert errors == {} and ok["units_per_day"] == 40


def test_unmatched_reason_is_the_latest_history_line_and_is_translated() -> None:
    order = {"history": [
        {"reason": "offered"},
        {"reason": "300 units could not be placed: not enough capacity before the deadline"},
    ]}  # fmt: skip
    found = _with_reason(order)
    assert found["shortfall"] == 300
    with use_language("zh"):
        assert label("unmatched_reason", found["reason"]) == "交货期前产能不足"


def test_embedded_chart_json_cannot_close_its_script_element() -> None:
    data = {"counties": ["</script><script>alert(1)</script>", "<!--"]}
    blob = str(heatmap.script_json(data))
    assert "<" not in blob and json.loads(blob) == data

"""The county freight budget page without services: the form reads what a clerk types
("2", "2.5%", full-width digits) and refuses the rest beside the field in the page's
language; the stored setting comes back as typed; the page renders with batches and
without, and a batch's extra freight is shown against the cheapest plan."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from services.portal import budget_form
from services.portal.i18n import use_language
from services.portal.rendering import ENV
from services.portal.routes.federation_budget import _bought, _total
from services.portal.session import Session

BATCH = {
    "id": 7, "recorded_at": "2026-03-02T02:00:00+00:00", "category": "bead_work",
    "budget_percent": 2.0, "transport_limit_millifen": 1_020_000,
    "cost_only_transport_millifen": 1_000_000, "plan_transport_millifen": 1_015_400,
    "cost_only_low_income_fee_fen": 50_000, "low_income_fee_gained_fen": 12_345,
    "units_placed": 800, "weight": 3000, "solves": 4,
}  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2", "2"), (" 2.5 ", "2.5"), ("2%", "2"), ("２．５％", "2.5"), ("0", "0"), ("100", "100"),
     ("0.01", "0.01")],
)  # fmt: skip
def test_a_percent_is_read_as_the_clerk_meant_it(typed: str, expected: str) -> None:
    assert budget_form.percent(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["", "abc", "-1", "100.01", "2.555", "NaN", "Infinity", "1e400"])
def test_anything_else_is_not_a_percent(typed: str) -> None:
    assert budget_form.percent(typed) is None


def test_the_form_gives_matchings_body_and_leaves_empty_counties_to_the_default() -> None:
    form = {"default_percent": "2", "county_suichang": "3.5", "county_jinyun": " "}
    body, errors = budget_form.budget(form)
    assert errors == {}
    assert body == {"default_percent": 2.0, "counties": {"suichang": 3.5}}


def test_bad_figures_are_said_beside_their_fields_in_the_page_language() -> None:
    with use_language("zh"):
        _, errors = budget_form.budget({"default_percent": "两个点", "county_liandu": "150"})
    assert set(errors) == {"default_percent", "county_liandu"}
    assert errors["county_liandu"].startswith("请输入 0 到 100 之间的百分数")


def test_the_stored_setting_comes_back_as_typed() -> None:
    stored = {"default_percent": 2.0, "counties": {"suichang": 3.25}}
    assert budget_form.typed(stored) == {"default_percent": "2", "county_suichang": "3.25"}


def test_a_batch_shows_its_extra_freight_against_the_cheapest_plan() -> None:
    shown = _bought(BATCH)
    assert (shown["cheapest_fen"], shown["chosen_fen"], shown["extra_fen"]) == (1000, 1015, 15)
    assert shown["extra_pct"] == 1.54
    assert _total([BATCH, BATCH]) == {"extra_fen": 31, "gained_fen": 24_690, "batches": 2}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("batches", [[], [BATCH]])
def test_the_page_renders(lang: str, batches: list[dict[str, object]]) -> None:
    context = {
        "request": SimpleNamespace(), "session": Session(), "lang": lang, "public_menu": [],
        "own_menu": [], "csrf_field": lambda: "", "path": "/federation/budget",
        "v": {"default_percent": "2"}, "errors": {"county_liandu": "bad"},
        "counties": [("liandu", "county_liandu")], "batches": [_bought(b) for b in batches],
        "total": _total(batches), "names": {"bead_work": "串珠"}, "notice": "",
    }  # fmt: skip
    with use_language(lang):
        html = ENV.get_template("federation/budget.html").render(context)
    assert 'name="county_liandu"' in html and 'aria-invalid="true"' in html
    assert ('data-batch-id="7"' in html) == bool(batches)
    if lang == "zh":
        assert "运费预算" in html and ("莲都" in html)

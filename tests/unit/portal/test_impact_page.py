"""The federation's "who the money reached" page renders in both languages, with months
and without, each group's share beside the number of its people."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from services.portal.i18n import use_language
from services.portal.rendering import ENV
from services.portal.routes.federation_impact import GROUPS, WORKERS
from services.portal.session import Session

TOTALS = {
    "county": "jingning", "month": "2026", "fees_fen": 665_000, "low_income_fen": 166_250,
    "reservoir_migrants_fen": 0, "relocated_farmers_fen": 12_345, "disabled_fen": 5,
    "villages": 3, "enterprises": 4, "low_income_workers": 10, "reservoir_migrant_workers": 0,
    "relocated_farmer_workers": 2, "disabled_workers": 1,
}  # fmt: skip
CASE = {"fees_fen": 23_000_000_000, "villages": 950, "low_income_households": 21_000,
        "reservoir_migrants": 11_000, "relocated_farmers": 12_000}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("months", [[], [{**TOTALS, "month": "2026-11"}]])
def test_the_page_renders(lang: str, months: list[dict[str, Any]]) -> None:
    context = {
        "request": SimpleNamespace(), "session": Session(), "lang": lang, "public_menu": [],
        "own_menu": [], "csrf_field": lambda: "", "path": "/federation/impact",
        "year": 2026, "years": [2026, 2025], "county": "jingning", "totals": TOTALS,
        "months": months, "case": CASE,
        "groups": [(key, label, WORKERS[key]) for key, label in GROUPS],
    }  # fmt: skip
    with use_language(lang):
        html = ENV.get_template("federation/impact.html").render(context)
    assert "¥1,662.50" in html and "¥230,000,000.00" in html
    assert ("2026-11" in html) == bool(months)
    if lang == "zh":
        assert "收入去向" in html and "有收入的企业中共 10 人" in html and "景宁" in html

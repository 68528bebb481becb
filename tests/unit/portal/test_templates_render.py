"""Every page template renders in both languages with typical data (a msgid with a bare
``%`` once broke the new-order form under gettext's newstyle formatting)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import pytest

from services.portal.i18n import use_language
from services.portal.rendering import ENV
from services.portal.session import Session

ORDER = {
    "id": str(uuid.uuid4()),
    "category": "bead_work",
    "quantity": 1200,
    "unit_fee_cny": "0.35",
    "description": "串珠发夹",
    "materials_ready": "2026-03-01",
    "deadline": "2026-03-20",
    "origin_market": "yiwu",
    "status": "PARTIALLY_PLACED",
    "placed_units": 600,
    "placements": [{"provider_id": str(uuid.uuid4()), "units": 600, "units_done": 150,
                    "state": "accepted"}],
    "history": [{"at": "2026-03-01T02:00:00+00:00", "to_status": "MATCHING", "reason": "offered"}],
}  # fmt: skip
OFFER = {
    "id": str(uuid.uuid4()), "order_id": str(uuid.uuid4()), "category": "bead_work",
    "units": 600, "schedule": {"2026-03-02": 300, "2026-03-03": 300}, "unit_fee_fen": 35,
    "expires_at": "2026-03-02T02:00:00+00:00", "seconds_left": 3600,
}  # fmt: skip
JOB = {
    "id": str(uuid.uuid4()), "order_id": str(uuid.uuid4()), "category": "bead_work",
    "units": 600, "units_done": 150, "units_delivered": 0, "deadline": "2026-03-20",
    "status": "in_production", "description": "串珠发夹 YW-2231",
}  # fmt: skip
PAGES: dict[str, dict[str, Any]] = {
    "home.html": {},
    "auth/login.html": {"expired": True, "errors": {"org": "x"}},
    "errors/404.html": {},
    "office/orders.html": {"orders": [ORDER], "names": {}, "status": "", "next_cursor": None},
    "office/order.html": {
        "order": ORDER,
        "names": {"bead_work": "串珠"},
        "new": True,
        "enterprises": {},
    },
    "office/clients.html": {"clients": [{"name": "c", "contact": "x", "home_market": "yiwu"}]},
    "office/new_order.html": {
        "v": {"splittable": True, "materials": [{"item": "a", "quantity": "1", "unit": "kg"}]},
        "errors": {"deadline": "d", "materials": "m"},
        "idempotency_key": "k",
        "clients": [{"id": "1", "name": "c"}],
        "categories": {"bead_work": "串珠"},
    },
    "public/brokers.html": {"brokers": [], "county": "", "names": {}},
    "public/offices.html": {"offices": [{"name": "o", "county": "jinyun", "market": "yiwu"}]},
    "broker/offers.html": {
        "offers": [OFFER],
        "names": {},
        "notice": "n",
        "problem": "p",
        "left": str,
    },
    "broker/jobs.html": {
        "jobs": [JOB],
        "names": {},
        "notice": "",
        "failed_job": JOB["id"],
        "v": {"units_done": "9"},
        "errors": {"units_done": "too many"},
    },
    "public/categories.html": {"categories": [{"code": "a", "name_zh": "甲", "machinery": True}]},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_renders(name: str, lang: str) -> None:
    base = {
        "request": SimpleNamespace(),
        "session": Session(),
        "lang": lang,
        "public_menu": [],
        "own_menu": [],
        "csrf_field": lambda: "",
        "path": "/",
    }
    with use_language(lang):
        html = ENV.get_template(name).render({**base, **PAGES[name]})
    assert "</html>" in html


@pytest.mark.parametrize(
    ("status", "said"),
    [
        ("MATCHING", "订单已提交，系统正在匹配加工点。"),
        ("PARTIALLY_PLACED", "订单已提交，系统正在匹配加工点。"),
        ("IN_PRODUCTION", "订单已提交。"),
    ],
)
def test_a_new_order_page_says_matching_only_while_it_matches(status: str, said: str) -> None:
    """The walk reloaded a new order's page once it was in production: it still said
    matching was looking for enterprises."""
    base = {"request": SimpleNamespace(), "session": Session(), "lang": "zh", "public_menu": [],
            "own_menu": [], "csrf_field": lambda: "", "path": "/"}  # fmt: skip
    page = {**PAGES["office/order.html"], "order": {**ORDER, "status": status}}
    with use_language("zh"):
        html = ENV.get_template("office/order.html").render({**base, **page})
    notice = html.split('data-testid="submitted">', 1)[1].split("</div>", 1)[0]
    assert notice == said

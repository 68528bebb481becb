"""The office's receivables: what inspection took back from a claim, and what was paid
for pieces inspection then refused (listed for the office to recover)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

from services.portal.i18n import use_language
from services.portal.rendering import ENV
from services.portal.session import Session

ROW = {
    "delivery_id": str(uuid.uuid4()), "order_id": str(uuid.uuid4()),
    "client_id": str(uuid.uuid4()), "category": "bead_work", "due_on": "2026-12-01",
    "good_units": 95, "unit_fee_fen": 300, "deduction_fen": 0, "fee_fen": 28_500,
    "paid_fen": 27_000, "outstanding_fen": 1_500, "aging": "not_yet_due",
    "taken_back_units": 5, "reclaimed_fen": 0, "overpaid_fen": 0,
}  # fmt: skip


def _page(**context: Any) -> str:
    base = {"request": SimpleNamespace(), "session": Session(), "lang": "zh", "public_menu": [],
            "own_menu": [], "csrf_field": lambda: "", "path": "/", "clients": [],
            "client_names": {}, "names": {"bead_work": "串珠"}, "buckets": (), "notice": "",
            "failed": "", "v": {}, "errors": {}, "today": "2026-12-01"}  # fmt: skip
    with use_language("zh"):
        return ENV.get_template("money/receivables.html").render({**base, **context})


def test_an_open_claim_says_what_inspection_took_back() -> None:
    html = _page(open=[ROW], overpaid=[])
    assert "5 件已从加工费中扣除" in html and 'data-testid="overpaid"' not in html


def test_pieces_paid_and_refused_are_listed_with_their_amount() -> None:
    paid = {**ROW, "taken_back_units": 0, "overpaid_fen": 1_500, "outstanding_fen": 0}
    html = _page(open=[], overpaid=[paid])
    assert "已付款但验收未通过的件数" in html
    assert "超出验收合格部分的已付款" in html and "¥15.00" in html

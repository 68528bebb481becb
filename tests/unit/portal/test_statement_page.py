"""The broker's monthly statement says, in Chinese, what inspection found paid for pieces
it did not accept, and that it is to be settled with the office (review finding: only the
office's receivables page showed it)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

from services.portal.i18n import use_language
from services.portal.rendering import ENV
from services.portal.session import Session

LINE = {
    "delivery_id": str(uuid.uuid4()), "job_id": str(uuid.uuid4()),
    "order_id": str(uuid.uuid4()), "delivered_on": "2026-12-01", "category": "bead_work",
    "good_units": 100, "defective_units": 0, "unit_fee_fen": 300, "deduction_fen": 0,
    "fee_fen": 30_000, "freight_fen": 221, "freight_subsidy_fen": 270, "paid_fen": 30_000,
    "taken_back_units": 0, "reclaimed_fen": 0, "overpaid_fen": 3_000,
}  # fmt: skip
STATEMENT = {
    "month": "2026-12", "jobs_delivered": 1, "good_units": 100, "defective_units": 0,
    "fees_fen": 30_000, "freight_fen": 221, "freight_subsidy_fen": 270,
    "payments_received_fen": 30_000, "opening_balance_fen": 0, "balance_fen": 0,
    "overpaid_fen": 3_000, "balance_less_overpaid_fen": -3_000, "lines": [LINE],
}  # fmt: skip


def _page(s: dict[str, Any]) -> str:
    base = {"request": SimpleNamespace(), "session": Session(), "lang": "zh", "public_menu": [],
            "own_menu": [], "csrf_field": lambda: "", "path": "/", "month": s["month"],
            "errors": {}, "names": {"bead_work": "串珠"}}  # fmt: skip
    with use_language("zh"):
        return ENV.get_template("money/statement.html").render({**base, "s": s})


def test_the_statement_says_what_was_overpaid_and_to_settle_it_with_the_office() -> None:
    html = _page(STATEMENT)
    assert "超出验收合格部分的已付款" in html and "¥30.00" in html
    assert "与联络处结算上项后的余额" in html and "-¥30.00" in html
    assert "请与联络处结算" in html
    assert "验收未通过的件已付款 ¥30.00，须与联络处结算" in html


def test_nothing_is_said_when_nothing_was_overpaid() -> None:
    line = {**LINE, "overpaid_fen": 0}
    html = _page({**STATEMENT, "overpaid_fen": 0, "balance_less_overpaid_fen": 0, "lines": [line]})
    assert "验收未通过" not in html and 'data-testid="overpaid"' not in html

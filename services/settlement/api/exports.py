"""The same tables as CSV or .xlsx (``?format=csv|xlsx``), and the statement as a Chinese PDF."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Response

from services.settlement.documents.tables import MEDIA, TableFormat, render


def table_response(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: TableFormat, name: str
) -> Response:
    body = render(rows, columns, fmt, name)
    disposition = f'attachment; filename="{name}.{fmt.value}"'
    return Response(body, media_type=MEDIA[fmt], headers={"Content-Disposition": disposition})


RECEIVABLE_COLUMNS = (
    "delivery_id", "due_on", "office_id", "client_id", "provider_id", "order_id", "job_id",
    "county", "market", "category", "good_units", "defective_units", "unit_fee_fen",
    "deduction_fen", "fee_fen", "freight_fen", "freight_subsidy_fen", "paid_fen",
    "outstanding_fen", "state", "aging", "taken_back_units", "reclaimed_fen", "overpaid_fen",
)  # fmt: skip
AGING_COLUMNS = ("office_id", "client_id", "not_yet_due", "0_30", "31_60", "over_60", "total_fen")
STATEMENT_COLUMNS = (
    "delivered_on", "delivery_id", "job_id", "order_id", "category", "good_units",
    "defective_units", "unit_fee_fen", "deduction_fen", "fee_fen", "freight_fen",
    "freight_subsidy_fen", "paid_fen", "taken_back_units", "reclaimed_fen", "overpaid_fen",
)  # fmt: skip
AWARD_COLUMNS = (
    "award_id", "county", "year", "kind", "subject", "provider_id", "rule", "amount_fen",
    "case_by_case", "state", "explanation", "figures",
)  # fmt: skip

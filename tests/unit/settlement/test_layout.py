"""Settlement follows the one shape: SQL and the session only in ``adapters/`` and
``migrations/``; a pure domain; award, loan and receivable states named by their enums."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from services.settlement.domain.awards.award import AwardState
from services.settlement.domain.awards.loan import LoanState
from services.settlement.domain.fees.receivable import ReceivableState

SETTLEMENT = Path(__file__).resolve().parents[3] / "services" / "settlement"
STATES = {m.value for enum in (AwardState, LoanState, ReceivableState) for m in enum}
SQL = re.compile(r"^\s*(import sqlalchemy|from sqlalchemy)", re.MULTILINE)
IMPURE = re.compile(r"^\s*(import|from) (fastapi|sqlalchemy|aiokafka|redis|openpyxl|fpdf)", re.M)


def _outside(*allowed: str) -> list[Path]:
    return [
        p for p in SETTLEMENT.rglob("*.py") if p.relative_to(SETTLEMENT).parts[0] not in allowed
    ]


def test_no_sql_outside_adapters_and_migrations() -> None:
    assert [p for p in _outside("adapters", "migrations") if SQL.search(p.read_text())] == []


def test_the_domain_is_pure() -> None:
    domain = (SETTLEMENT / "domain").rglob("*.py")
    assert [str(p) for p in domain if IMPURE.search(p.read_text())] == []


def test_no_raw_state_strings_outside_the_domain() -> None:
    offenders = [
        f"{p.relative_to(SETTLEMENT)}:{node.lineno} {node.value!r}"
        for p in _outside("domain", "migrations")
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Constant) and node.value in STATES
    ]
    assert offenders == []

"""Intake follows the one shape (issue 13): SQL only in adapters and migrations."""

from __future__ import annotations

import re
from pathlib import Path

INTAKE = Path(__file__).resolve().parents[3] / "services" / "intake"
ALLOWED = ("adapters", "migrations")
SQL = re.compile(r"^\s*(import sqlalchemy|from sqlalchemy)", re.MULTILINE)


def test_no_sql_outside_adapters_and_migrations() -> None:
    offenders = [
        str(p.relative_to(INTAKE))
        for p in INTAKE.rglob("*.py")
        if p.relative_to(INTAKE).parts[0] not in ALLOWED and SQL.search(p.read_text())
    ]
    assert offenders == []

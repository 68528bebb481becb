"""Matching follows the one shape (issue 13): SQL and the database session only in
``adapters/`` and ``migrations/``; offer, job and order states spelled only by their
enums in ``domain/``, everything else names the enum member."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from services.matching.domain.job import JobStatus, SplitOutcome
from services.matching.domain.offer import OfferStatus
from services.matching.domain.order import QueueState
from services.matching.domain.order_facts import FactKind

MATCHING = Path(__file__).resolve().parents[3] / "services" / "matching"
STATES = {
    m.value for enum in (OfferStatus, JobStatus, SplitOutcome, QueueState, FactKind) for m in enum
}

SQL = re.compile(r"^\s*(import sqlalchemy|from sqlalchemy)", re.MULTILINE)
SESSION = re.compile(r"\.session\b")  # the unit of work's session: repositories only


def _outside(*allowed: str) -> list[Path]:
    return [p for p in MATCHING.rglob("*.py") if p.relative_to(MATCHING).parts[0] not in allowed]


def test_no_raw_state_strings_outside_the_domain() -> None:
    """A string literal equal to a state value (``"open"``, ``"cancelled"``, …) outside
    ``domain/`` is a state written by hand; SQL text that merely mentions one is fine."""
    offenders = [
        f"{p.relative_to(MATCHING)}:{node.lineno} {node.value!r}"
        for p in _outside("domain", "migrations")
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Constant) and node.value in STATES
    ]
    assert offenders == []


def test_no_sql_outside_adapters_and_migrations() -> None:
    offenders = [
        str(p.relative_to(MATCHING))
        for p in _outside("adapters", "migrations")
        if SQL.search(p.read_text())
    ]
    assert offenders == []


def test_handlers_and_consumers_reach_the_database_only_through_repositories() -> None:
    """``uow.session`` outside ``adapters/`` is SQL by another route."""
    offenders = [
        f"{p.relative_to(MATCHING)}:{n}"
        for p in _outside("adapters", "migrations")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if SESSION.search(line)
    ]
    assert offenders == []

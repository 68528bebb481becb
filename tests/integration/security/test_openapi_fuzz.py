"""Schemathesis against each running service: no server errors, answers match the schema.

Calls carry an admin token (the widest view); unauthenticated and cross-organisation
access are covered by each service's own tests. Operations are driven one by one
with Hypothesis (schemathesis' pytest plugin does not run under pytest 9).
"""

from __future__ import annotations

from typing import Any, cast

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.services import RunningService
from tests.support.tokens import admin

pytestmark = pytest.mark.integration
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
FUZZ = settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def fuzz(service: RunningService) -> list[str]:
    """Runs every operation; returns one line per operation that broke a check."""
    schema = schemathesis.openapi.from_url(f"{service.url}/openapi.json")
    headers = admin()
    failures: list[str] = []
    operations = [cast(Any, result).ok() for result in schema.get_all_operations()]  # Err fails
    assert operations, "the schema lists no operations"
    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    return failures


def test_intake_never_fails_and_keeps_its_schema(intake: RunningService) -> None:
    assert fuzz(intake) == []


def test_matching_never_fails_and_keeps_its_schema(matching: RunningService) -> None:
    assert fuzz(matching) == []


def test_balancer_never_fails_and_keeps_its_schema(balancer: RunningService) -> None:
    assert fuzz(balancer) == []

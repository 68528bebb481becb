"""Schemathesis against settlement: no server errors, answers match the schema."""

from __future__ import annotations

import pytest

from tests.integration.security.test_openapi_fuzz import fuzz
from tests.support.services import RunningService

pytestmark = pytest.mark.integration


def test_settlement_never_fails_and_keeps_its_schema(settlement: RunningService) -> None:
    assert fuzz(settlement) == []

"""A balancer process for the security checks (intake and matching come from the session)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.services import RunningService, migrate, running_service


@pytest.fixture(scope="session")
def balancer_for_security(stack: None) -> Iterator[RunningService]:
    migrate("balancer")
    with running_service("balancer") as service:
        yield service

"""Per-organisation rate limits: 429 with Retry-After past the budget, other orgs unaffected."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from shared.identity import Role
from tests.support.services import RunningService, migrate, running_service
from tests.support.tokens import bearer

pytestmark = pytest.mark.integration
BUDGET = 5


@pytest.fixture(scope="module")
def strict_intake(stack: None) -> Iterator[RunningService]:
    migrate("intake")
    with running_service("intake", PROCNET_RATE_LIMIT_PER_MINUTE=str(BUDGET)) as service:
        yield service


def test_budget_then_429_with_retry_after_per_organisation(strict_intake: RunningService) -> None:
    # The budget is per fixed one-minute window: a try whose requests straddle a window's
    # end is not a test of the budget (seen under load), so it is made again, fresh org.
    for _ in range(3):
        office, other = bearer(uuid.uuid4(), Role.OFFICE), bearer(uuid.uuid4(), Role.OFFICE)
        window = int(time.time() // 60)
        with httpx.Client(base_url=strict_intake.url, timeout=10) as http:
            codes = [http.get("/v1/orders", headers=office).status_code for _ in range(BUDGET)]
            refused = http.get("/v1/orders", headers=office)
            if int(time.time() // 60) != window:
                continue
            assert codes == [200] * BUDGET
            assert refused.status_code == 429
            assert 1 <= int(refused.headers["Retry-After"]) <= 60
            assert http.get("/v1/orders", headers=other).status_code == 200
            assert http.get("/healthz").status_code == 200  # operations are never limited
            return
    pytest.fail("three tries each straddled a minute's end")

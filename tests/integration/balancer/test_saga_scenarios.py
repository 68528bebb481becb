"""The saga scenarios (tests/support/balancer_saga.py) on the real stack; the same bodies
run in memory in tests/unit/balancer/test_saga_scenarios.py."""

import httpx
import pytest

from tests.integration.balancer.scenario import FakeMatching
from tests.integration.balancer.stack_world import StackWorld
from tests.support.balancer_saga import (
    only_the_receiver_answers_and_a_decline_frees_the_loan,
    refusal_compensates_then_another_lender_splits,
)

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("refusal_version", [1, 2])
async def test_refusal_compensates_then_another_lender_splits(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str, refusal_version: int
) -> None:
    world = StackWorld(http, matching, bootstrap)
    await refusal_compensates_then_another_lender_splits(world, refusal_version)


async def test_only_the_receiver_answers_and_a_decline_frees_the_loan(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str
) -> None:
    await only_the_receiver_answers_and_a_decline_frees_the_loan(
        StackWorld(http, matching, bootstrap)
    )

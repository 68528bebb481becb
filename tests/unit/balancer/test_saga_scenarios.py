"""The saga scenarios (tests/support/balancer_saga.py) in memory; the same bodies run on
the real stack in tests/integration/balancer/test_saga_scenarios.py."""

import pytest

from tests.support.balancer_saga import (
    only_the_receiver_answers_and_a_decline_frees_the_loan,
    refusal_compensates_then_another_lender_splits,
)
from tests.unit.balancer.memory_world import MemoryWorld


@pytest.mark.parametrize("refusal_version", [1, 2])
async def test_refusal_compensates_then_another_lender_splits(refusal_version: int) -> None:
    await refusal_compensates_then_another_lender_splits(MemoryWorld(), refusal_version)


async def test_only_the_receiver_answers_and_a_decline_frees_the_loan() -> None:
    await only_the_receiver_answers_and_a_decline_frees_the_loan(MemoryWorld())

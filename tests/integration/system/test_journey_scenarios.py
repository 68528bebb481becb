"""The order journey (tests/support/order_journey.py) on the real stack: intake and
matching processes, PostgreSQL, Kafka. The same body runs in memory in
tests/unit/journey/test_journey_in_memory.py."""

from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.integration.system.journey_world import StackWorld
from tests.support.order_journey import (
    a_cancelled_order_keeps_what_is_made_and_frees_the_rest,
    a_declined_lot_goes_to_another_provider,
    order_goes_from_submitted_to_delivered,
)
from tests.support.services import RunningService

pytestmark = pytest.mark.integration


async def test_order_goes_from_submitted_to_delivered(
    intake: RunningService, matching: RunningService, bootstrap: str
) -> None:
    await _run(order_goes_from_submitted_to_delivered, intake, matching, bootstrap)


async def test_a_declined_lot_goes_to_another_provider(
    intake: RunningService, matching: RunningService, bootstrap: str
) -> None:
    await _run(a_declined_lot_goes_to_another_provider, intake, matching, bootstrap)


async def test_a_cancelled_order_keeps_what_is_made_and_frees_the_rest(
    intake: RunningService, matching: RunningService, bootstrap: str
) -> None:
    await _run(a_cancelled_order_keeps_what_is_made_and_frees_the_rest, intake, matching, bootstrap)


async def _run(
    scenario: Callable[[StackWorld], Awaitable[None]],
    intake: RunningService,
    matching: RunningService,
    bootstrap: str,
) -> None:
    async with (
        httpx.AsyncClient(base_url=intake.url, timeout=30) as intake_http,
        httpx.AsyncClient(base_url=matching.url, timeout=30) as matching_http,
    ):
        world = StackWorld(intake_http, matching_http, bootstrap)
        try:
            await scenario(world)
        finally:
            await world.retire()

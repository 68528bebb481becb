"""The order journey (tests/support/order_journey.py) in memory: intake and matching's
handlers, consumer maps and matcher round on in-memory units of work and one bus.
The same body runs on the real stack in tests/integration/system/test_journey_scenarios.py."""

from tests.support.order_journey import (
    a_cancelled_order_keeps_what_is_made_and_frees_the_rest,
    a_declined_lot_goes_to_another_provider,
    order_goes_from_submitted_to_delivered,
)
from tests.unit.journey.memory_world import MemoryWorld


async def test_order_goes_from_submitted_to_delivered() -> None:
    await order_goes_from_submitted_to_delivered(MemoryWorld())


async def test_a_declined_lot_goes_to_another_provider() -> None:
    await a_declined_lot_goes_to_another_provider(MemoryWorld())


async def test_a_cancelled_order_keeps_what_is_made_and_frees_the_rest() -> None:
    await a_cancelled_order_keeps_what_is_made_and_frees_the_rest(MemoryWorld())

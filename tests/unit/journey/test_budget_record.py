"""The matcher's round reads the counties' budget and records what each batch bought
(matching's uow.budget; GET /v1/budget/batches reads the same record)."""

from datetime import timedelta

from services.matching.domain import County
from services.matching.domain.budget_policy import CountyBudgets, FreightBudget
from shared.region import clock
from tests.unit.journey.memory_world import CATEGORY, MemoryWorld


async def test_a_round_records_its_batch_with_the_county_budget() -> None:
    world = MemoryWorld()
    world.matching.state.budgets = CountyBudgets(
        FreightBudget(0), {County.JINYUN: FreightBudget(700)}
    )
    await world.provider(CATEGORY, 50)  # in Jinyun
    today = clock.today()
    await world.submit(100, 1, today + timedelta(days=1), today + timedelta(days=20))
    [batch] = world.matching.state.batches
    assert batch.category == CATEGORY
    assert batch.units_placed == 100
    assert batch.basis_points == 700  # all the cost-only transport goes to Jinyun
    assert batch.cost_only_transport_millifen > 0
    assert batch.plan_transport_millifen <= batch.transport_limit_millifen
    assert batch.transport_limit_millifen == FreightBudget(700).limit(
        batch.cost_only_transport_millifen
    )

"""The simulate report's awards come from the real settlement's what-if evaluator."""

from __future__ import annotations

import pytest

from services.cli import money
from services.cli.api import Api, Urls
from tests.support.services import RunningService

pytestmark = pytest.mark.integration


async def test_awards_are_evaluated_by_settlement(settlement: RunningService) -> None:
    big = max(money.PROVIDERS.values(), key=lambda p: p.body["workforce"]["total"])
    workers = big.body["workforce"]["total"]
    m = money.Money()
    m.by_enterprise[big.id] = [20_000_001, 0]  # 200,000.01 yuan of general work
    async with Api(Urls("http://unused", "http://unused", "http://unused", settlement.url)) as api:
        await money.evaluate_awards(api, m)
    expected = 200_000 if workers > 100 else 0
    assert m.awards == {f"general tier {1 if expected else 0}": 1}
    assert m.awards_fen == expected

"""A provider's new capacity is seen by the matcher's next round (issue 18: the round's
reads were made cheaper at 10,000 providers: one array parameter instead of an id list,
the booked days aggregated per provider; nothing is cached between rounds)."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.matching.conftest import of_type, order, submit
from tests.integration.matching.test_capacity_rules import (
    define_and_register,
    fresh_code,
    settled,
)
from tests.support.tokens import admin

pytestmark = pytest.mark.integration


async def offered_units(bootstrap: str, category: str, quantity: int) -> int:
    o = order(category=category, quantity=quantity)
    await submit(bootstrap, o)
    return sum(
        e["payload"]["units"] for e in of_type(await settled(bootstrap, o.order_id), "JobOffered")
    )


async def test_raised_capacity_is_offered_in_the_next_round(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    code = fresh_code("knot_tying")
    provider = await define_and_register(http, bootstrap, code, units=10)
    wanted = 100_000  # more than the window holds either way
    before = await offered_units(bootstrap, code, wanted)
    assert 0 < before < wanted
    r = await http.put(
        f"/v1/providers/{provider}/capacity/{code}",
        json={"units_per_day": 40},
        headers=admin(),
    )
    assert r.status_code == 200, r.text
    after = await offered_units(bootstrap, code, wanted)
    # the same window at 40 a day, less what the first offer holds: 3x the first
    assert after == 3 * before
    r = await http.put(
        f"/v1/providers/{provider}/capacity/{code}", json={"units_per_day": 0}, headers=admin()
    )
    assert r.status_code == 200, r.text

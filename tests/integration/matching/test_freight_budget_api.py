"""The counties' freight budget over HTTP (admin only) and the per-batch record of what it
bought, on the real matching process (issue 19)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.integration.matching.conftest import broker, order, register, submit
from tests.integration.matching.test_matching_flow import offers_of
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def kept_budget(http: httpx.AsyncClient) -> AsyncIterator[dict[str, Any]]:
    """The setting before the test, put back after it (other tests share the process)."""
    before = (await http.get("/v1/budget", headers=admin())).json()
    yield before
    assert (await http.put("/v1/budget", headers=admin(), json=before)).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"default_percent": 101}, "default_percent"),
        ({"default_percent": -1}, "default_percent"),
        ({"default_percent": "2.005"}, "default_percent"),
        ({"default_percent": 2, "counties": {"atlantis": 3}}, "counties"),
        ({"default_percent": 2, "counties": {"suichang": 250}}, "counties"),
        ({}, "default_percent"),
    ],
)
async def test_a_bad_budget_is_422_naming_the_field_and_changes_nothing(
    http: httpx.AsyncClient, kept_budget: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    r = await http.put("/v1/budget", headers=admin(), json=body)
    assert r.status_code == 422, r.text
    assert field in r.text
    assert (await http.get("/v1/budget", headers=admin())).json() == kept_budget


async def test_only_an_admin_reads_or_sets_the_budget(http: httpx.AsyncClient) -> None:
    provider = await register(http)
    for method, path in (
        ("GET", "/v1/budget"),
        ("PUT", "/v1/budget"),
        ("GET", "/v1/budget/batches"),
    ):
        r = await http.request(method, path, headers=broker(provider), json={"default_percent": 0})
        assert r.status_code == 403, (method, path, r.text)


async def test_the_setting_round_trips_and_each_batch_records_what_it_bought(
    http: httpx.AsyncClient, bootstrap: str, kept_budget: dict[str, Any]
) -> None:
    setting = {"default_percent": 4.5, "counties": {"jingning": 0, "suichang": 2.25}}
    r = await http.put("/v1/budget", headers=admin(), json=setting)
    assert r.status_code == 200, r.text
    assert r.json() == setting
    assert (await http.get("/v1/budget", headers=admin())).json() == setting

    # every county at 4 %: whatever providers the batch uses, it is a 4 % batch
    await http.put("/v1/budget", headers=admin(), json={"default_percent": 4})
    await register(http, category="pearl_embroidery", units=200, county="longquan")
    o = order(category="pearl_embroidery", quantity=120)
    await submit(bootstrap, o)
    await offers_of(bootstrap, o.order_id)

    def mine(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [b for b in rows if b["category"] == "pearl_embroidery" and b["budget_percent"] == 4]

    async def read() -> list[dict[str, Any]]:
        r = await http.get("/v1/budget/batches", headers=admin(), params={"limit": 50})
        assert r.status_code == 200, r.text
        return mine(r.json())

    rows = await eventually(read, bool, timeout=30, what="the batch's budget record")
    b = rows[0]
    assert b["cost_only_transport_millifen"] > 0
    assert b["plan_transport_millifen"] <= b["transport_limit_millifen"]
    assert b["transport_limit_millifen"] == b["cost_only_transport_millifen"] * 10_400 // 10_000
    assert b["low_income_fee_gained_fen"] >= 0
    assert b["units_placed"] >= 1

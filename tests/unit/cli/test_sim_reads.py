"""The simulation reads many orders' statuses in a few list calls, with the same answers.

The 26-week run read every order's final status with one GET each (5,000 calls) and,
while waiting for offers, one GET per waiting order every 0.3 s (1,406 GETs for 108
orders in a 4-week run). These tests run the reads against a fake intake that pages
like the real one (newest first, 200 a page, a status filter) and count the calls.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from services.cli import sim_broker, sim_reads, sim_work
from services.cli.api import Api, ApiError
from services.cli.sim_state import OrderRec, SimState
from tests.unit.cli.synthetic import MON

T0 = datetime(2026, 12, 1, 2, tzinfo=UTC)


class FakeIntake:
    """Orders newest first in pages; GET /v1/orders/{id} answers one order."""

    def __init__(self, statuses: dict[str, str], older: int = 0, fail_list: bool = False) -> None:
        # ours are created one second apart after T0; `older` orders of someone else before
        self.rows = [(f"old{i}", T0 - timedelta(hours=1 + i), "PLACED") for i in range(older)]
        self.rows += [
            (oid, T0 + timedelta(seconds=i), s) for i, (oid, s) in enumerate(statuses.items())
        ]
        self.rows.sort(key=lambda r: r[1], reverse=True)
        self.fail_list = fail_list
        self.calls: list[str] = []

    def as_(self, *who: object) -> dict[str, str]:
        return {}

    async def json(self, service: str, method: str, path: str, who: object, **kw: Any) -> Any:
        self.calls.append(path)
        if path != "/v1/orders":
            oid = path.rsplit("/", 1)[-1]
            return {"status": next(s for i, _, s in self.rows if i == oid)}
        if self.fail_list:
            raise ApiError("GET /v1/orders: 503", 503)
        params = kw["params"]
        rows = [r for r in self.rows if params.get("status") in (None, r[2])]
        start = int(params.get("cursor", 0))
        page = rows[start : start + params["limit"]]
        more = start + params["limit"] < len(rows)
        items = [{"id": i, "created_at": at.isoformat(), "status": s} for i, at, s in page]
        return {"items": items, "next_cursor": str(start + params["limit"]) if more else None}


def _rec(oid: str, i: int) -> OrderRec:
    rec = OrderRec(oid, "5" * 32, "yiwu", "knitting", 1000, 200, MON, 0, time.monotonic())
    rec.created_at = T0 + timedelta(seconds=i)
    return rec


def _state(statuses: dict[str, str]) -> SimState:
    s = SimState(MON, 26)
    s.orders = {oid: _rec(oid, i) for i, oid in enumerate(statuses)}
    return s


def test_final_statuses_come_from_pages_not_one_get_per_order() -> None:
    """Fails on the old code: 450 orders took 450 GETs; now 3 pages (and not older ones)."""
    statuses = {f"o{i}": ("UNMATCHED" if i % 7 == 0 else "PLACED") for i in range(450)}
    fake, s = FakeIntake(statuses, older=500), _state(statuses)
    asyncio.run(sim_work.final_statuses(cast(Api, fake), s))
    assert {oid: r.status for oid, r in s.orders.items()} == statuses
    assert fake.calls == ["/v1/orders"] * 3  # 450 of ours in pages of 200; the page with
    # older orders is the last read


def test_final_statuses_read_each_order_when_the_list_fails() -> None:
    statuses = {"a": "PLACED", "b": "UNMATCHED"}
    fake, s = FakeIntake(statuses, fail_list=True), _state(statuses)
    asyncio.run(sim_work.final_statuses(cast(Api, fake), s))
    assert {oid: r.status for oid, r in s.orders.items()} == statuses
    assert sorted(fake.calls) == ["/v1/orders", "/v1/orders/a", "/v1/orders/b"]


def test_order_statuses_filters_by_status_and_stops_at_older_orders() -> None:
    statuses = {f"o{i}": ("UNMATCHED" if i < 3 else "PLACED") for i in range(10)}
    fake = FakeIntake(statuses, older=1000)
    found = asyncio.run(sim_reads.order_statuses(cast(Api, fake), T0, status="UNMATCHED"))
    assert found == {"o0": "UNMATCHED", "o1": "UNMATCHED", "o2": "UNMATCHED"}
    assert len(fake.calls) == 1


def test_waiting_for_offers_learns_unmatched_orders_from_one_list_call() -> None:
    """Fails on the old code: it GETs each waiting order (here 120 calls a poll)."""
    statuses = {f"o{i}": "UNMATCHED" for i in range(120)}
    fake, s = FakeIntake(statuses), _state(statuses)
    mine = list(s.orders.values())
    brokers = sim_broker.Brokers(cast(Api, fake), s, 0)
    asyncio.run(brokers.settle(mine))
    assert all(r.status == "UNMATCHED" for r in mine)
    assert fake.calls == ["/v1/orders"]

"""Loans are checked against what the lender makes, as the balancer learnt it from events."""

from __future__ import annotations

import uuid

import httpx
import pytest

from shared.identity import Role
from tests.integration.balancer.scenario import FakeMatching, day, unique_letters
from tests.support.tokens import bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_a_loan_above_the_lenders_capacity_is_422_naming_units_per_day(
    http: httpx.AsyncClient, matching: FakeMatching
) -> None:
    cat, lender = f"pearl_{unique_letters()}", uuid.uuid4()
    await matching.register(lender, "liandu", "Bihu", cat, 6)
    auth = bearer(lender, Role.PROVIDER)

    def body(units: int, first: int = 0, last: int = 20) -> dict[str, object]:
        return {"category": cat, "start": str(day(first)), "end": str(day(last)),
                "units_per_day": units}  # fmt: skip

    async def offer_seven() -> httpx.Response:
        return await http.post("/v1/loans", json=body(7), headers=auth)

    # Until ProviderRegistered is consumed the balancer cannot check (and accepts);
    # once it is, 7 a day from a lender making 6 is refused.
    r = await eventually(offer_seven, lambda r: r.status_code == 422, timeout=30, what="422")
    (problem,) = r.json()["detail"]
    assert problem["field"] == "units_per_day"
    assert "makes 6" in problem["reason"], problem
    for loan in (await http.get("/v1/loans", headers=auth)).json():
        assert (await http.post(f"/v1/loans/{loan['id']}/withdraw", headers=auth)).is_success

    assert (await http.post("/v1/loans", json=body(4, 0, 5), headers=auth)).status_code == 201
    r = await http.post("/v1/loans", json=body(3, 3, 9), headers=auth)
    assert r.status_code == 422 and "already lends 4" in r.json()["detail"][0]["reason"]
    assert (await http.post("/v1/loans", json=body(2, 3, 9), headers=auth)).status_code == 201
    assert (await http.post("/v1/loans", json=body(4, 6, 9), headers=auth)).status_code == 201
    assert (await http.post("/v1/loans", json=body(1, 6, 6), headers=auth)).status_code == 422

"""What an office is told when its input is wrong (issue 12 items 1 and 10), over real HTTP."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from shared.region import clock
from tests.integration.intake.conftest import Office, order_body

pytestmark = pytest.mark.integration


def problems(r: httpx.Response) -> dict[str, str]:
    assert r.status_code == 422, r.text
    return {d["field"]: d["reason"] for d in r.json()["detail"]}


async def test_a_deadline_in_the_past_is_refused_naming_the_deadline(
    http: httpx.AsyncClient, office: Office
) -> None:
    today = clock.today()
    body = order_body(
        office,
        materials_ready=date.fromordinal(today.toordinal() - 30).isoformat(),
        deadline=date.fromordinal(today.toordinal() - 1).isoformat(),
    )
    got = problems(await http.post("/v1/orders", json=body, headers=office.headers))
    assert "in the past" in got["deadline"] and today.isoformat() in got["deadline"]


async def test_an_amendment_to_a_past_deadline_is_refused(
    http: httpx.AsyncClient, office: Office
) -> None:
    order = (await http.post("/v1/orders", json=order_body(office), headers=office.headers)).json()
    r = await http.patch(
        f"/v1/orders/{order['id']}",
        json={"deadline": (clock.today() - timedelta(days=29)).isoformat()},
        headers=office.headers,
    )
    assert "in the past" in problems(r)["deadline"]


async def test_malformed_json_is_a_400(http: httpx.AsyncClient, office: Office) -> None:
    r = await http.post(
        "/v1/orders",
        content=b'{"client_id": ',
        headers={**office.headers, "content-type": "application/json"},
    )
    assert r.status_code == 400, r.text
    assert "not valid JSON" in r.json()["detail"]


async def test_wrong_values_are_explained_in_the_users_terms(
    http: httpx.AsyncClient, office: Office
) -> None:
    body = order_body(office, deadline=12, unit_fee_cny=0.30000000000000004)
    got = problems(await http.post("/v1/orders", json=body, headers=office.headers))
    assert got["deadline"] == "deadline must be a date like 2026-12-31"
    assert got["unit_fee_cny"].startswith("unit fee must be a positive amount of yuan")

"""Dates in intake requests stay inside the window around today (issue 17, finding 3): an
order or amendment with a deadline in the 2200s, or a list filtered from year 9999, is a 422."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.intake.conftest import Office, order_body
from tests.support.too_large import assert_refused_as_too_large

pytestmark = pytest.mark.integration


def fields(r: httpx.Response) -> dict[str, str]:
    assert r.status_code == 422, (r.status_code, r.text)
    return {d["field"]: d["reason"] for d in r.json()["detail"]}


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"deadline": "2250-03-20"}, "deadline"),
        ({"materials_ready": "9999-12-30", "deadline": "9999-12-31"}, "materials_ready"),
        ({"materials_ready": "0001-01-01"}, "materials_ready"),
    ],
)
async def test_orders_with_far_dates_are_422_and_write_nothing(
    http: httpx.AsyncClient, office: Office, over: dict[str, object], field: str
) -> None:
    r = await http.post("/v1/orders", json=order_body(office, **over), headers=office.headers)
    assert "two years ahead" in fields(r)[field]
    assert (await http.get("/v1/orders", headers=office.headers)).json()["items"] == []


async def test_an_amendment_to_the_2200s_is_422(http: httpx.AsyncClient, office: Office) -> None:
    order = (await http.post("/v1/orders", json=order_body(office), headers=office.headers)).json()
    r = await http.patch(
        f"/v1/orders/{order['id']}", json={"deadline": "2231-01-01"}, headers=office.headers
    )
    assert "deadline" in fields(r)
    got = (await http.get(f"/v1/orders/{order['id']}", headers=office.headers)).json()
    assert got["deadline"] == order["deadline"]


async def test_listing_orders_from_year_9999_is_422(
    http: httpx.AsyncClient, office: Office
) -> None:
    r = await http.get("/v1/orders", params={"deadline_from": "9999-12-31"}, headers=office.headers)
    assert "query.deadline_from" in fields(r)


async def test_a_body_over_one_megabyte_is_413(http: httpx.AsyncClient, office: Office) -> None:
    body = order_body(office, description="x" * (1024 * 1024 + 10))
    await assert_refused_as_too_large(http.post("/v1/orders", json=body, headers=office.headers))

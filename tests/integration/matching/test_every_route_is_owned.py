"""Every matching route with an id refuses another broker (404) and is open to the owner."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from shared.region import clock
from tests.integration.matching.conftest import broker, of_type, order, register, submit
from tests.integration.matching.test_matching_flow import offers_of

pytestmark = pytest.mark.integration

# inside the two-year window of dates (was 2031, more than four years out)
SOON = clock.today() + timedelta(days=30)
EXCEPTION = {"first_day": str(SOON), "last_day": str(SOON + timedelta(days=1)), "percent": 50}


def routes(provider: str, offer: str, job: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", f"/v1/providers/{provider}", None),
        ("PATCH", f"/v1/providers/{provider}", {"auto_accept": False}),
        ("PUT", f"/v1/providers/{provider}/capacity/knitting", {"units_per_day": 5}),
        ("GET", f"/v1/providers/{provider}/calendar", None),
        ("POST", f"/v1/providers/{provider}/calendar", EXCEPTION),
        ("DELETE", f"/v1/providers/{provider}/calendar/{uuid.uuid4()}", None),
        ("GET", f"/v1/providers/{provider}/free-capacity?category=knitting", None),
        ("POST", f"/v1/offers/{offer}/accept", None),
        ("POST", f"/v1/offers/{offer}/decline", {"reason": "no"}),
        ("GET", f"/v1/jobs/{job}", None),
        ("POST", f"/v1/jobs/{job}/progress", {"units_done": 1}),
        ("POST", f"/v1/jobs/{job}/delivery", {"good_units": 1, "defective_units": 0}),
    ]


async def test_a_stranger_gets_404_on_every_route_with_an_id(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    await register(http, category="knitting", units=100)
    first, second = (
        order(category="knitting", quantity=40, min_lot=40),
        order(category="knitting", quantity=40, min_lot=40),
    )
    for o in (first, second):
        await submit(bootstrap, o)
    offers = [
        of_type(await offers_of(bootstrap, o.order_id), "JobOffered")[0]["payload"]
        for o in (first, second)
    ]
    owner = uuid.UUID(offers[0]["provider_id"])
    job = (
        await http.post(f"/v1/offers/{offers[0]['offer_id']}/accept", headers=broker(owner))
    ).json()
    stranger = broker(uuid.uuid4())
    for method, path, body in routes(str(owner), offers[1]["offer_id"], job["id"]):
        r = await http.request(method, path, json=body, headers=stranger)
        assert r.status_code == 404, (method, path, r.status_code, r.text)
    unauthenticated = await http.get(f"/v1/jobs/{job['id']}")
    assert unauthenticated.status_code == 401

"""Dates in matching requests stay inside the window around today (issue 17, finding 3):
an exception to a far year or a free-capacity query at 9999-12-31 is a 422, never a 500."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from shared.region import clock
from shared.region.window import DAYS_AHEAD, MAX_RANGE_DAYS
from tests.integration.matching.conftest import broker, register, soon

pytestmark = pytest.mark.integration


def fields(r: httpx.Response) -> dict[str, str]:
    assert r.status_code == 422, (r.status_code, r.text)
    return {d["field"]: d["reason"] for d in r.json()["detail"]}


async def test_free_capacity_far_in_the_future_is_422_naming_the_day(
    http: httpx.AsyncClient,
) -> None:
    p = await register(http, category="bead_work")
    for params, field in [
        ({"first_day": "9999-12-31"}, "query.first_day"),
        ({"first_day": "0001-01-01"}, "query.first_day"),
        ({"first_day": str(soon(1)), "last_day": "9999-12-31"}, "query.last_day"),
    ]:
        r = await http.get(
            f"/v1/providers/{p}/free-capacity",
            params={"category": "bead_work", **params},
            headers=broker(p),
        )
        assert "two years ahead" in fields(r)[field]
    edge = clock.today() + timedelta(days=DAYS_AHEAD)
    r = await http.get(
        f"/v1/providers/{p}/free-capacity",
        params={"category": "bead_work", "first_day": str(edge), "last_day": str(edge)},
        headers=broker(p),
    )
    assert r.status_code == 200 and len(r.json()) == 1, r.text


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ("8369-01-01", "8369-01-02", "first_day"),
        (None, "8369-12-31", "last_day"),
        (None, "far", "last_day"),
    ],
)
async def test_calendar_exceptions_to_far_years_or_longer_than_a_year_are_422(
    http: httpx.AsyncClient, first: str | None, last: str, field: str
) -> None:
    p = await register(http, category="bead_work")
    start = soon(1)
    end = str(start + timedelta(days=MAX_RANGE_DAYS)) if last == "far" else last
    body = {"first_day": first or str(start), "last_day": end, "percent": 50}
    r = await http.post(f"/v1/providers/{p}/calendar", json=body, headers=broker(p))
    assert field in fields(r)
    assert (await http.get(f"/v1/providers/{p}/calendar", headers=broker(p))).json() == []

"""Issue 12 through matching's real consumers and HTTP API: no production day in the
past (item 1), village-group seasons (item 4), categories intake defines (item 6)."""

from __future__ import annotations

import random
import string
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from shared.contracts.balancer import SeasonDefined, SeasonFactor
from shared.contracts.orders import CategoryDefined
from shared.kafka.topics import CATEGORIES, SEASONS
from shared.region import clock
from tests.integration.matching.conftest import (
    broker,
    of_type,
    order,
    placements_for,
    publish,
    register,
    submit,
)
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


def fresh_code(stem: str) -> str:
    """A category code of this test's own (codes are letters and underscores)."""
    return stem + "_" + "".join(random.choices(string.ascii_lowercase, k=8))


async def define_and_register(
    http: httpx.AsyncClient, bootstrap: str, code: str, **body: Any
) -> uuid.UUID:
    """Intake's CategoryDefined on the real topic; then a provider for that category."""
    defined = CategoryDefined(code=code, name_en=code, name_zh="新品类", machinery=False)
    await publish(bootstrap, CATEGORIES, defined, defined.code)
    found = await eventually(
        lambda: _register(http, _body(code, **body)),
        lambda provider_id: provider_id is not None,
        timeout=30,
        what=f"matching to know {code}",
    )
    assert found is not None
    return found


async def settled(bootstrap: str, order_id: uuid.UUID) -> list[dict[str, Any]]:
    events = await eventually(
        lambda: placements_for(bootstrap, order_id),
        lambda evs: bool(of_type(evs, "JobOffered", "OrderUnmatched")),
        timeout=30,
        what="the order matched or unmatched",
    )
    return events


async def test_materials_ready_in_the_past_never_schedules_a_day_before_today(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    today = clock.today()
    code = fresh_code("knitting")
    p = await define_and_register(http, bootstrap, code, units=100)
    o = order(
        category=code,
        quantity=300,
        materials_ready=today - timedelta(days=10),
        deadline=today + timedelta(days=20),
    )
    await submit(bootstrap, o)
    offered = of_type(await settled(bootstrap, o.order_id), "JobOffered")
    assert offered and min(e["payload"]["start"] for e in offered) >= today.isoformat()
    mine = (await http.get("/v1/offers", headers=broker(p))).json()
    days = [d for offer in mine if offer["order_id"] == str(o.order_id) for d in offer["schedule"]]
    assert days and min(days) >= today.isoformat()
    # the offer says what is to be made, as the office described it
    assert {f["description"] for f in mine if f["order_id"] == str(o.order_id)} == {"hair clips"}


async def test_an_order_past_its_deadline_is_unmatched_with_the_reason(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    today = clock.today()
    code = fresh_code("knitting")
    await define_and_register(http, bootstrap, code, units=1000)
    o = order(
        category=code,
        quantity=100,
        materials_ready=today - timedelta(days=10),
        deadline=today - timedelta(days=3),
    )
    await submit(bootstrap, o)
    events = await settled(bootstrap, o.order_id)
    assert of_type(events, "JobOffered") == []
    (unmatched,) = of_type(events, "OrderUnmatched")
    assert unmatched["payload"]["shortfall_units"] == 100
    assert "deadline has passed" in unmatched["payload"]["reason"]


async def free_capacity(
    http: httpx.AsyncClient, p: uuid.UUID, category: str, first: str, last: str
) -> list[int]:
    r = await http.get(
        f"/v1/providers/{p}/free-capacity",
        headers=broker(p),
        params={"category": category, "first_day": first, "last_day": last},
    )
    assert r.status_code == 200, r.text
    return [d["capacity"] for d in r.json()]


async def test_a_village_group_season_cuts_free_capacity_in_that_village(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    village = f"Xiangchaku-{uuid.uuid4().hex[:6]}"  # this test's own village
    code = fresh_code("tea_slope_crochet")
    inside = await define_and_register(http, bootstrap, code, village=village, county="jinyun")
    outside = await _register(http, _body(code, "Huzhen", county="jinyun"))
    assert outside is not None
    season = SeasonDefined(
        season_id=uuid.uuid4(),
        name="tea picking on the slopes",
        start=clock.today() + timedelta(days=300),
        end=clock.today() + timedelta(days=310),
        factors=(SeasonFactor(county="jinyun", village_group=f"Dayang, {village}", factor=0.25),),
    )
    await publish(bootstrap, SEASONS, season, str(season.season_id))
    first, last = season.start.isoformat(), (season.start + timedelta(days=1)).isoformat()
    cut = await eventually(
        lambda: free_capacity(http, inside, code, first, last),
        lambda caps: caps == [375, 375],
        timeout=30,
        what="the village group's factor",
    )
    assert cut == [375, 375]
    assert await free_capacity(http, outside, code, first, last) == [1500, 1500]


async def test_a_category_intake_defines_can_be_offered_and_matched(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    p = await define_and_register(http, bootstrap, "toy_assembly")
    o = order(category="toy_assembly", quantity=200)
    await submit(bootstrap, o)
    offered = of_type(await settled(bootstrap, o.order_id), "JobOffered")
    assert [e["payload"]["provider_id"] for e in offered] == [str(p)]
    assert sum(e["payload"]["units"] for e in offered) == 200


async def test_a_category_is_refused_until_intake_defines_it(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    code = fresh_code("toy_assembly")  # toy_assembly itself may be known from a rerun
    assert await _register(http, _body(code)) is None
    await define_and_register(http, bootstrap, code)


async def test_an_unknown_category_is_422_naming_the_known_codes(http: httpx.AsyncClient) -> None:
    r = await http.post("/v1/providers", headers=admin(), json=_body("rocket_science"))
    assert r.status_code == 422, r.text
    (problem,) = r.json()["detail"]
    assert problem["field"] == "categories.rocket_science"
    assert "rocket_science" in problem["reason"] and "bead_work" in problem["reason"]
    p = await register(http, category="bead_work")
    r = await http.put(
        f"/v1/providers/{p}/capacity/rocket_science", headers=admin(), json={"units_per_day": 5}
    )
    assert r.status_code == 422 and "bead_work" in r.text


async def _register(http: httpx.AsyncClient, body: dict[str, Any]) -> uuid.UUID | None:
    r = await http.post("/v1/providers", headers=admin(), json=body)
    return uuid.UUID(body["id"]) if r.status_code == 201 else None


def _body(
    category: str, village: str = "Xiangchaku", county: str = "suichang", units: int = 1500
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": "Toy workshop",
        "broker_name": "Lan Xiuying",
        "contact": "139-0000-0000",
        "county": county,
        "township": "Miaogao",
        "village": village,
        "mode": "centre",
        "categories": {category: units},
        "workforce": {"total": 40, "low_income": 5},
    }

"""The balancer's HTTP API on a real process: roles, ownership, validation, published events."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import orjson
import pytest

from shared.identity import Role
from shared.kafka.topics import LOANS, SEASONS
from tests.integration.balancer.scenario import day, unique_letters
from tests.support.kafka_io import read_all
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


def season(**over: object) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"spring_festival_{unique_letters()}",
        "start": str(day(30)),
        "end": str(day(44)),
        "factors": [
            {"county": "suichang", "factor": "0.2"},
            {"county": "jinyun", "village_group": "Hutang, Dongdu", "factor": "0.5"},
        ],
    }
    return {**body, **over}


def loan(**over: object) -> dict[str, Any]:
    body = {"category": "bead_work", "start": str(day(1)), "end": str(day(9)), "units_per_day": 4}
    return {**body, **over}


async def on_topic(bootstrap: str, topic: str, key: str, count: int) -> list[dict[str, Any]]:
    async def probe() -> list[dict[str, Any]]:
        return [
            orjson.loads(r.value) for r in await read_all(bootstrap, topic) if r.key == key.encode()
        ]

    return await eventually(probe, lambda e: len(e) >= count, timeout=30, what=f"{topic} {key}")


async def test_admin_defines_a_season_published_as_season_defined(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    body = season()
    r = await http.post("/v1/seasons", json=body, headers=admin())
    assert r.status_code == 201, r.text
    created = r.json()
    (event,) = await on_topic(bootstrap, SEASONS.name, created["id"], 1)
    assert event["type"] == "SeasonDefined" and event["payload"]["name"] == body["name"]
    groups = {f["county"]: f["village_group"] for f in event["payload"]["factors"]}
    assert groups == {"suichang": None, "jinyun": "Hutang, Dongdu"}
    listed = (await http.get("/v1/seasons", headers=bearer(uuid.uuid4(), Role.PROVIDER))).json()
    assert body["name"] in [s["name"] for s in listed]
    assert (await http.post("/v1/seasons", json=body, headers=admin())).status_code == 409


async def test_only_admins_define_seasons(http: httpx.AsyncClient) -> None:
    assert (await http.post("/v1/seasons", json=season())).status_code == 401
    provider = bearer(uuid.uuid4(), Role.PROVIDER)
    assert (await http.post("/v1/seasons", json=season(), headers=provider)).status_code == 403


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"end": str(day(1))}, "end"),
        ({"factors": [{"county": "hangzhou", "factor": "0.5"}]}, "factors.0.county"),
        ({"factors": [{"county": "jinyun", "factor": "2.5"}]}, "factors.0.factor"),
        ({"factors": [{"county": "jinyun", "factor": "-1"}]}, "factors.0.factor"),
        ({"factors": []}, "factors"),
        ({"factors": [{"county": "jinyun", "factor": 1}] * 2}, "factors"),
        ({"name": ""}, "name"),
        ({"start": "soon"}, "start"),
        ({"surprise": True}, "surprise"),
    ],
)
async def test_bad_seasons_are_422_naming_the_field(
    http: httpx.AsyncClient, over: dict[str, object], field: str
) -> None:
    r = await http.post("/v1/seasons", json=season(**over), headers=admin())
    assert r.status_code == 422, r.text
    assert field in [d["field"] for d in r.json()["detail"]], r.json()


async def test_a_provider_offers_and_withdraws_only_its_own_loans(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    owner_id = uuid.uuid4()
    owner, other = bearer(owner_id, Role.PROVIDER), bearer(uuid.uuid4(), Role.PROVIDER)
    r = await http.post("/v1/loans", json=loan(), headers=owner)
    assert r.status_code == 201, r.text
    loan_id = r.json()["id"]
    assert r.json()["provider_id"] == str(owner_id) and r.json()["state"] == "offered"
    assert (await http.get("/v1/loans", headers=other)).json() == []
    assert loan_id in [x["id"] for x in (await http.get("/v1/loans", headers=admin())).json()]
    assert (await http.post(f"/v1/loans/{loan_id}/withdraw", headers=other)).status_code == 404
    assert (await http.post(f"/v1/loans/{uuid.uuid4()}/withdraw", headers=owner)).status_code == 404
    assert (await http.post("/v1/loans", json=loan(), headers=admin())).status_code == 403
    r = await http.post(f"/v1/loans/{loan_id}/withdraw", headers=owner)
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"
    assert (await http.post(f"/v1/loans/{loan_id}/withdraw", headers=owner)).status_code == 409
    events = await on_topic(bootstrap, LOANS.name, str(owner_id), 2)
    assert [e["type"] for e in events] == ["CapacityLoanOffered", "CapacityLoanWithdrawn"]
    assert events[0]["payload"]["units_per_day"] == 4


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"units_per_day": 0}, "units_per_day"),
        ({"units_per_day": "many"}, "units_per_day"),
        ({"category": "Bead Work!"}, "category"),
        ({"end": str(day(0))}, "end"),
        ({"start": str(day(-9)), "end": str(day(-2))}, "end"),
    ],
)
async def test_bad_loans_are_422_naming_the_field(
    http: httpx.AsyncClient, over: dict[str, object], field: str
) -> None:
    owner = bearer(uuid.uuid4(), Role.PROVIDER)
    r = await http.post("/v1/loans", json=loan(**over), headers=owner)
    assert r.status_code == 422, r.text
    assert field in [d["field"] for d in r.json()["detail"]], r.json()
    assert (await http.get("/v1/loans", headers=owner)).json() == []


async def test_receivers_opt_in_and_out_of_their_own_opt_ins(http: httpx.AsyncClient) -> None:
    owner, other = bearer(uuid.uuid4(), Role.PROVIDER), bearer(uuid.uuid4(), Role.PROVIDER)
    body = {"category": "crochet", "start": str(day(0)), "end": str(day(30))}
    r = await http.post("/v1/receivers", json=body, headers=owner)
    assert r.status_code == 201 and r.json()["active"] is True
    opt_in = r.json()["id"]
    assert (await http.get("/v1/receivers", headers=other)).json() == []
    assert (await http.delete(f"/v1/receivers/{opt_in}", headers=other)).status_code == 404
    assert (await http.delete(f"/v1/receivers/{opt_in}", headers=owner)).status_code == 204
    assert (await http.get("/v1/receivers", headers=owner)).json()[0]["active"] is False
    bad = await http.post("/v1/receivers", json={**body, "end": str(day(-1))}, headers=owner)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "end"


async def test_load_is_for_admins_over_a_bounded_window(http: httpx.AsyncClient) -> None:
    provider = bearer(uuid.uuid4(), Role.PROVIDER)
    assert (await http.get("/v1/load/counties", headers=provider)).status_code == 403
    ok = await http.get("/v1/load/counties", params={"from": str(day(0))}, headers=admin())
    assert ok.status_code == 200
    for params, field in [
        ({"from": str(day(5)), "until": str(day(1))}, "query.until"),
        ({"from": str(day(0)), "until": str(day(400))}, "query.until"),
        ({"from": "tomorrow"}, "query.from"),
        ({"provider_id": "nobody"}, "query.provider_id"),
    ]:
        r = await http.get("/v1/load/providers", params=params, headers=admin())
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == field, r.text


async def test_transfers_need_a_provider_or_admin_token(http: httpx.AsyncClient) -> None:
    assert (await http.get("/v1/transfers")).status_code == 401
    office = bearer(uuid.uuid4(), Role.OFFICE)
    assert (await http.get("/v1/transfers", headers=office)).status_code == 403
    r = await http.get("/v1/transfers", params={"state": "lost"}, headers=admin())
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "query.state"
    r = await http.post(
        f"/v1/transfers/{uuid.uuid4()}/accept", headers=bearer(uuid.uuid4(), Role.PROVIDER)
    )
    assert r.status_code == 404

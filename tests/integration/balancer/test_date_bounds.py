"""Dates in balancer requests stay inside the window around today and ranges at most a year
(issue 17, finding 3): far loans, seasons and load queries are a 422, never a 500."""

from __future__ import annotations

import uuid

import httpx
import pytest

from shared.identity import Role
from shared.region.window import MAX_RANGE_DAYS
from tests.integration.balancer.scenario import day
from tests.integration.balancer.test_http import loan, season
from tests.support.tokens import admin, bearer
from tests.support.too_large import assert_refused_as_too_large

pytestmark = pytest.mark.integration


def fields(r: httpx.Response) -> dict[str, str]:
    assert r.status_code == 422, (r.status_code, r.text)
    return {d["field"]: d["reason"] for d in r.json()["detail"]}


async def test_load_from_9999_is_422_naming_from(http: httpx.AsyncClient) -> None:
    for path in ("/v1/load/counties", "/v1/load/providers"):
        r = await http.get(path, params={"from": "9999-12-31"}, headers=admin())
        assert "two years ahead" in fields(r)["query.from"]
        r = await http.get(path, params={"until": "9999-12-31"}, headers=admin())
        assert "query.until" in fields(r)


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"start": "8369-01-01", "end": "8369-01-02"}, "start"),
        ({"end": "9999-12-31"}, "end"),
        ({"start": "0001-01-01"}, "start"),
        ({"end": str(day(1 + MAX_RANGE_DAYS))}, "end"),
    ],
)
async def test_far_or_overlong_loans_are_422(
    http: httpx.AsyncClient, over: dict[str, object], field: str
) -> None:
    owner = bearer(uuid.uuid4(), Role.PROVIDER)
    assert field in fields(await http.post("/v1/loans", json=loan(**over), headers=owner))
    assert (await http.get("/v1/loans", headers=owner)).json() == []


async def test_far_or_overlong_seasons_and_opt_ins_are_422(http: httpx.AsyncClient) -> None:
    r = await http.post("/v1/seasons", json=season(end="8369-04-20"), headers=admin())
    assert "end" in fields(r)
    r = await http.post(
        "/v1/seasons", json=season(end=str(day(30 + MAX_RANGE_DAYS))), headers=admin()
    )
    assert "may cover at most" in fields(r)["end"]
    owner = bearer(uuid.uuid4(), Role.PROVIDER)
    body = {"category": "bead_work", "start": str(day(1)), "end": "9999-12-31"}
    assert "end" in fields(await http.post("/v1/receivers", json=body, headers=owner))


async def test_a_body_over_one_megabyte_is_413_before_it_is_parsed(
    http: httpx.AsyncClient,
) -> None:
    owner = bearer(uuid.uuid4(), Role.PROVIDER)
    big = b'{"category": "' + b"a" * (1024 * 1024 + 1) + b'"}'
    await assert_refused_as_too_large(
        http.post("/v1/loans", content=big, headers={**owner, "content-type": "application/json"})
    )

    async def chunks():  # no Content-Length: the middleware counts the bytes
        for _ in range(3):
            yield b" " * (512 * 1024)

    await assert_refused_as_too_large(
        http.post(
            "/v1/loans", content=chunks(), headers={**owner, "content-type": "application/json"}
        )
    )

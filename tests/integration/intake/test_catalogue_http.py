"""Intake owns the catalogue and announces it (issue 12 item 6): every category defined,
the initial six included, reaches Kafka as CategoryDefined with its machinery flag."""

from __future__ import annotations

import random
import string

import httpx
import orjson
import pytest

from shared.kafka.topics import CATEGORIES
from tests.support.kafka_io import read_all
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def announced(bootstrap: str) -> dict[str, dict]:
    """The newest CategoryDefined of each code (the topic is compacted by code)."""
    out: dict[str, dict] = {}
    for r in await read_all(bootstrap, CATEGORIES.name):
        event = orjson.loads(r.value)
        assert event["type"] == "CategoryDefined" and r.key == event["payload"]["code"].encode()
        out[event["payload"]["code"]] = event["payload"]
    return out


async def test_the_initial_catalogue_is_announced_with_machinery_work_marked(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    six = {"bead_work", "pearl_embroidery", "crochet", "garment_sewing", "knitting"}
    seen = await eventually(
        lambda: announced(bootstrap),
        lambda got: six | {"welding_assembly"} <= got.keys(),
        timeout=30,
        what="the initial catalogue on intake.categories",
    )
    assert seen["welding_assembly"]["machinery"] is True
    assert not any(seen[c]["machinery"] for c in six)
    listed = (await http.get("/v1/categories", headers=admin())).json()
    machinery = {c["code"] for c in listed if c["machinery"]}
    assert "welding_assembly" in machinery and not machinery & six


async def test_a_new_category_is_announced_to_the_other_services(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    code = "toy_" + "".join(random.choices(string.ascii_lowercase, k=10))
    body = {"code": code, "name_en": "Toy assembly", "name_zh": "玩具组装", "machinery": True}
    r = await http.post("/v1/categories", json=body, headers=admin())
    assert r.status_code == 201, r.text
    assert r.json() == body
    seen = await eventually(
        lambda: announced(bootstrap),
        lambda got: code in got,
        timeout=30,
        what="CategoryDefined for the new category",
    )
    assert seen[code] == body
    again = await http.post("/v1/categories", json=body, headers=admin())
    assert again.status_code == 409

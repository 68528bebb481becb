"""``GET /v1/public/brokers/names?id=…`` (the portal names an order's lots and history by it):
no token, the names of known ids in the order asked, each once; unknown ids are left out;
more than 50 ids is a 422. Served by one query (``ProviderRepository.names``)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.integration.matching.conftest import register

pytestmark = pytest.mark.integration


async def test_names_of_known_ids_in_the_order_asked(
    http: httpx.AsyncClient, retire: list[tuple[uuid.UUID, str]]
) -> None:
    first, second = (await register(http), await register(http))
    retire += [(first, "bead_work"), (second, "bead_work")]
    unknown = uuid.uuid4()
    asked = [second, unknown, first, second]
    r = await http.get("/v1/public/brokers/names", params={"id": [str(i) for i in asked]})
    assert r.status_code == 200, r.text
    assert r.json() == [
        {"id": str(second), "name": f"Workshop {second.hex[:6]}"},
        {"id": str(first), "name": f"Workshop {first.hex[:6]}"},
    ]


async def test_no_ids_is_an_empty_list_and_too_many_is_refused(http: httpx.AsyncClient) -> None:
    r = await http.get("/v1/public/brokers/names")
    assert (r.status_code, r.json()) == (200, [])
    r = await http.get(
        "/v1/public/brokers/names", params={"id": [str(uuid.uuid4()) for _ in range(51)]}
    )
    assert r.status_code == 422, r.text

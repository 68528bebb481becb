"""The public open-work board's read, on a real intake: no token, only category, quantity
band, market and deadline of open orders (no client, office, exact quantity or fee), soonest
deadline first, paged by a cursor, at most 100 a page."""

from __future__ import annotations

import random
import string
from datetime import timedelta

import httpx

from shared.region import clock
from tests.integration.intake.conftest import Office, order_body
from tests.support.tokens import admin


async def _category(http: httpx.AsyncClient) -> str:
    code = "board_" + "".join(random.choices(string.ascii_lowercase, k=10))
    made = await http.post(
        "/v1/categories",
        json={"code": code, "name_en": "Board test", "name_zh": "看板测试"},
        headers=admin(),
    )
    assert made.status_code == 201, made.text
    return code


async def test_open_orders_are_listed_without_clients_or_fees_and_paged(
    http: httpx.AsyncClient, office: Office
) -> None:
    code = await _category(http)
    today = clock.today()
    made = []
    for days, quantity in ((30, 300), (10, 1500), (20, 12000)):
        body = order_body(
            office,
            category=code,
            quantity=quantity,
            min_lot=1,
            unit_fee_cny="0.87",
            materials_ready=today.isoformat(),
            deadline=(today + timedelta(days=days)).isoformat(),
        )
        answer = await http.post("/v1/orders", json=body, headers=office.headers)
        assert answer.status_code == 201, answer.text
        made.append(answer.json()["id"])
    cancelled = await http.post(
        f"/v1/orders/{made[0]}/cancel", json={"reason": "client withdrew"}, headers=office.headers
    )
    assert cancelled.status_code == 200, cancelled.text

    first = await http.get("/v1/public/open-work", params={"category": code, "limit": 1})
    assert first.status_code == 200, first.text
    page = first.json()
    assert page["items"] == [
        {"category": code, "quantity_band": "500_to_1999", "market": "yiwu",
         "deadline": (today + timedelta(days=10)).isoformat()}
    ]  # fmt: skip
    second = await http.get(
        "/v1/public/open-work", params={"category": code, "cursor": page["next_cursor"]}
    )
    rest = second.json()
    assert [i["quantity_band"] for i in rest["items"]] == ["10000_or_more"]  # cancelled: gone
    assert rest["next_cursor"] is None
    text = first.text + second.text
    for secret in ("0.87", "Yiwu Jewelry Co", str(office.id), str(office.client_id), *made):
        assert secret not in text


async def test_the_board_is_bounded_and_refuses_a_forged_cursor(http: httpx.AsyncClient) -> None:
    too_many = await http.get("/v1/public/open-work", params={"limit": 101})
    assert too_many.status_code == 422
    forged = await http.get("/v1/public/open-work", params={"cursor": "bm90IGpzb24="})
    assert forged.status_code == 422
    assert forged.json()["detail"][0]["field"] == "query.cursor"
    assert (await http.get("/v1/public/open-work")).status_code == 200

"""An organisation may sign in with its short code (its id's first 8 hex digits) instead of
the id; a code naming no organisation is the same 401 as a wrong secret."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support.services import RunningService
from tests.support.tokens import admin

pytestmark = pytest.mark.integration


async def test_an_office_trades_its_short_code_and_secret_for_a_token(
    intake: RunningService,
) -> None:
    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as http:
        body = {"name": f"Yunhe Yiwu Office {uuid.uuid4().hex[:6]}", "county": "yunhe",
                "market": "yiwu"}  # fmt: skip
        made = await http.post("/v1/offices", headers=admin(), json=body)
        assert made.status_code == 201, made.text
        office, secret = made.json()["id"], made.json()["secret"]
        code = uuid.UUID(office).hex[:8]
        token = await http.post("/v1/token", json={"code": code, "secret": secret})
        assert token.status_code == 200, token.text
        wrong = await http.post("/v1/token", json={"code": code, "secret": secret + "x"})
        nobody = await http.post("/v1/token", json={"code": "00000000", "secret": secret})
        both = await http.post("/v1/token", json={"code": code, "org_id": office, "secret": "s"})
        neither = await http.post("/v1/token", json={"secret": secret})
    assert (wrong.status_code, nobody.status_code) == (401, 401)
    assert (both.status_code, neither.status_code) == (422, 422)

"""Organisations trade a secret (stored only hashed) for a bearer token."""

from __future__ import annotations

import uuid

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support.services import RunningService
from tests.support.stack import admin_url
from tests.support.tokens import admin

pytestmark = pytest.mark.integration


async def stored_hash(table: str, org_id: str) -> str:
    engine = create_async_engine(admin_url())
    async with engine.connect() as conn:
        found = await conn.scalar(
            sa.text(f"SELECT secret_hash FROM {table} WHERE id = :id"), {"id": org_id}
        )
    await engine.dispose()
    return str(found)


async def test_office_secret_is_hashed_exchanged_and_rotated(intake: RunningService) -> None:
    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as http:
        r = await http.post(
            "/v1/offices",
            headers=admin(),
            json={
                "name": f"Qingtian Wenzhou Office {uuid.uuid4().hex[:6]}",
                "county": "qingtian",
                "market": "wenzhou",
            },
        )
        assert r.status_code == 201, r.text
        office, secret = r.json()["id"], r.json()["secret"]
        stored = await stored_hash("intake.offices", office)
        assert stored.startswith("scrypt$") and secret not in stored

        token = await http.post("/v1/token", json={"org_id": office, "secret": secret})
        assert token.status_code == 200, token.text
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        assert (await http.get("/v1/offices", headers=bearer)).json()[0]["id"] == office

        wrong = await http.post("/v1/token", json={"org_id": office, "secret": secret + "x"})
        unknown = await http.post("/v1/token", json={"org_id": str(uuid.uuid4()), "secret": secret})
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.json() == unknown.json()  # does not tell which organisations exist

        stolen = await http.post(f"/v1/offices/{office}/secret", headers=bearer)
        assert stolen.status_code == 403  # only admins rotate, even one's own secret
        rotated = await http.post(f"/v1/offices/{office}/secret", headers=admin())
        assert rotated.status_code == 200
        old = await http.post("/v1/token", json={"org_id": office, "secret": secret})
        new = await http.post(
            "/v1/token", json={"org_id": office, "secret": rotated.json()["secret"]}
        )
        assert (old.status_code, new.status_code) == (401, 200)


async def test_provider_secret_exchanges_for_a_provider_token(matching: RunningService) -> None:
    async with httpx.AsyncClient(base_url=matching.url, timeout=30) as http:
        r = await http.post(
            "/v1/providers",
            headers=admin(),
            json={
                "name": "Yunhe home workers",
                "broker_name": "Mei",
                "contact": "c",
                "county": "yunhe",
                "township": "t",
                "village": "v",
                "mode": "home",
                "categories": {"crochet": 20},
                "workforce": {"total": 12, "disabled": 3},
            },
        )
        assert r.status_code == 201, r.text
        provider, secret = r.json()["id"], r.json()["secret"]
        assert secret not in await stored_hash("matching.providers", provider)
        token = (await http.post("/v1/token", json={"org_id": provider, "secret": secret})).json()
        me = await http.get(
            f"/v1/providers/{provider}",
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        assert me.status_code == 200 and "secret" not in me.json()
        stolen = await http.post(
            f"/v1/providers/{provider}/secret",
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        assert stolen.status_code == 403

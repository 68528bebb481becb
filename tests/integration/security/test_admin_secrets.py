"""The federation's admin organisations trade a secret at intake's /v1/token like offices
do, and get an admin token; only an admin registers or rotates them, and a rotation ends
both the old secret and every token made with it."""

from __future__ import annotations

import uuid

import httpx
import jwt
import pytest

from tests.integration.security.test_org_secrets import stored_hash
from tests.support.services import RunningService
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_an_admin_organisation_signs_in_as_admin_and_rotation_ends_it(
    intake: RunningService,
) -> None:
    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as http:
        name = f"Lishui Federation {uuid.uuid4().hex[:6]}"
        r = await http.post("/v1/admins", headers=admin(), json={"name": name})
        assert r.status_code == 201, r.text
        org, secret = r.json()["id"], r.json()["secret"]
        stored = await stored_hash("intake.admins", org)
        assert stored.startswith("scrypt$") and secret not in stored
        again = await http.post("/v1/admins", headers=admin(), json={"name": name})
        assert again.status_code == 409

        token = await http.post("/v1/token", json={"code": org[:8], "secret": secret})
        assert token.status_code == 200, token.text
        claims = jwt.decode(token.json()["access_token"], options={"verify_signature": False})
        assert (claims["sub"], claims["role"], claims["name"]) == (org, "admin", name)
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        assert name in {a["name"] for a in (await http.get("/v1/admins", headers=bearer)).json()}

        office = await http.post(
            "/v1/offices",
            headers=admin(),
            json={"name": f"Jinyun Office {uuid.uuid4().hex[:6]}", "county": "jinyun",
                  "market": "yiwu"},
        )  # fmt: skip
        office_token = await http.post(
            "/v1/token", json={"org_id": office.json()["id"], "secret": office.json()["secret"]}
        )
        as_office = {"Authorization": f"Bearer {office_token.json()['access_token']}"}
        assert (await http.get("/v1/admins", headers=as_office)).status_code == 403
        assert (await http.post(f"/v1/admins/{org}/secret", headers=as_office)).status_code == 403
        unknown = await http.post(f"/v1/admins/{uuid.uuid4()}/secret", headers=admin())
        assert unknown.status_code == 404

        rotated = await http.post(f"/v1/admins/{org}/secret", headers=bearer)
        assert rotated.status_code == 200, rotated.text
        old = await http.post("/v1/token", json={"org_id": org, "secret": secret})
        new = await http.post("/v1/token", json={"org_id": org, "secret": rotated.json()["secret"]})
        assert (old.status_code, new.status_code) == (401, 200)

        async def old_token_refused() -> bool:
            return (await http.get("/v1/admins", headers=bearer)).status_code == 401

        assert await eventually(old_token_refused, what="the old admin token refused")

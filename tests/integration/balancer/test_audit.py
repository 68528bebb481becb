"""Who wrote what in the balancer (issue 17, finding 6): a factory's loan offer and its
transfer decline are on its own audit list with its id and role, an admin's season on the
admin's, and another organisation sees none of them. Fails on the code before the
balancer's audit table (no /v1/audit, nothing recorded)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from shared.identity import Role
from tests.integration.balancer.scenario import (
    FakeMatching,
    Tea,
    events_of,
    offer_loan,
    start_tea_season,
)
from tests.support.tokens import bearer

pytestmark = pytest.mark.integration


async def audit_of(http: httpx.AsyncClient, auth: dict[str, str]) -> list[dict[str, Any]]:
    r = await http.get("/v1/audit", params={"limit": 1000}, headers=auth)
    assert r.status_code == 200, r.text
    return list(r.json())


async def test_a_factorys_loan_and_decline_and_an_admins_season_are_recorded(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str
) -> None:
    admin_id = uuid.uuid4()
    tea = await start_tea_season(http, matching, Tea(), bearer(admin_id, Role.ADMIN))
    loan_id = await offer_loan(http, tea, tea.lender_auth)
    (proposed,) = await events_of(bootstrap, tea.job_id, "TransferProposed")
    tid = proposed["payload"]["transfer_id"]
    no = {"reason": "our own order came in"}
    r = await http.post(f"/v1/transfers/{tid}/decline", json=no, headers=tea.lender_auth)
    assert r.status_code == 200, r.text

    lenders = await audit_of(http, tea.lender_auth)
    assert [(a["action"], a["object_id"]) for a in lenders] == [
        ("transfer.decline", tid),
        ("loan.offer", loan_id),
    ]
    for a in lenders:
        assert (a["actor_id"], a["actor_role"]) == (str(tea.lender), "provider")
        assert a["owner_id"] == str(tea.lender) and a["on_behalf"] is False

    everything = await audit_of(http, bearer(uuid.uuid4(), Role.ADMIN))
    (season,) = [a for a in everything if a["actor_id"] == str(admin_id)]
    assert (season["action"], season["object_type"]) == ("season.define", "season")
    assert season["actor_role"] == "admin" and season["on_behalf"] is False
    assert {a["object_id"] for a in lenders} <= {a["object_id"] for a in everything}

    assert await audit_of(http, tea.busy_auth) == []
    assert await audit_of(http, bearer(uuid.uuid4(), Role.PROVIDER)) == []

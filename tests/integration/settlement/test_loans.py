"""On the real stack: an enterprise registers a loan, an admin checks it, a relocation is
recorded once, and the year's run pays the loan interest and relocation subsidies."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest

from shared.contracts import matching as m
from shared.identity import Role
from shared.region import clock
from tests.integration.settlement.conftest import Upstream
from tests.integration.settlement.test_awards import FEE, _deliver, _fees
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_loan_and_relocation_subsidies_through_the_run(
    http: httpx.AsyncClient, upstream: Upstream
) -> None:
    provider, year = uuid.uuid4(), clock.today().year
    me = bearer(provider, Role.PROVIDER)
    loan = {"principal_fen": 15_000_000, "start": str(date(year, 1, 1)), "months": 12}
    early = await http.post("/v1/loans", json=loan, headers=me)
    assert early.status_code == 422 and early.json()["detail"][0]["field"] == "provider"
    await upstream.publish(
        m.ProviderRegistered(
            provider_id=provider, name="Qingyuan mushrooms-to-beads", county="qingyuan",
            township="Huangtian", village=f"H{provider.hex[:6]}", mode="factory",
            categories={"garment_sewing": 100}, workforce=m.Workforce(total=50),
            auto_accept=False,
        ),
        provider,
    )  # fmt: skip
    await _deliver(upstream, provider, 100_000)  # 250,000 yuan: above 200,000
    await eventually(lambda: _fees(http, provider), lambda f: f == 100_000 * FEE, what="fees")

    assert (await http.post("/v1/loans", json=loan, headers=admin())).status_code == 403
    bad = await http.post("/v1/loans", json={**loan, "months": 0}, headers=me)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "months"
    made = await http.post("/v1/loans", json=loan, headers=me)
    assert made.status_code == 201 and made.json()["state"] == "registered"
    loan_id = made.json()["loan_id"]
    other = bearer(uuid.uuid4(), Role.PROVIDER)
    assert (await http.get("/v1/loans", headers=other)).json() == []
    check = f"/v1/loans/{loan_id}/check"
    assert (await http.post(check, json={"accept": True}, headers=me)).status_code == 403
    assert (await http.post(check, json={"accept": True}, headers=admin())).json()[
        "state"
    ] == "checked"
    assert (await http.post(check, json={"accept": True}, headers=admin())).status_code == 409
    missing = await http.post(
        f"/v1/loans/{uuid.uuid4()}/check", json={"accept": True}, headers=admin()
    )
    assert missing.status_code == 404

    moved = {"provider_id": str(provider), "year": year, "zone": "Qingyuan industrial park"}
    assert (await http.post("/v1/relocations", json=moved, headers=admin())).status_code == 201
    assert (await http.post("/v1/relocations", json=moved, headers=admin())).status_code == 409
    nobody = {**moved, "provider_id": str(uuid.uuid4())}
    assert (await http.post("/v1/relocations", json=nobody, headers=admin())).status_code == 404

    run = await http.post(
        "/v1/awards/runs", json={"county": "qingyuan", "year": year}, headers=admin()
    )
    mine = {
        c["kind"]: c["amount_fen"]
        for c in run.json()["changes"]
        if c["subject"] in (str(provider), loan_id)
    }
    # 5‰ x 100,000 yuan (the cap, not 150,000) x 12 months; 3,000 yuan once for moving
    assert mine == {"loan_interest_subsidy": 600_000, "relocation_subsidy": 300_000}


async def test_a_run_for_a_year_no_policy_covers_is_a_422_on_year(http: httpx.AsyncClient) -> None:
    body = {"county": "suichang", "year": 2008}
    answer = await http.post("/v1/awards/runs", json=body, headers=admin())
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "year"

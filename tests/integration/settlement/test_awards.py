"""On the real stack: a county's yearly run is idempotent, a rerun after a late delivery
shows what changed, and an award goes assessed -> approved -> paid as events."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.identity import Role
from shared.kafka.topics import AWARDS
from shared.region import clock
from tests.integration.settlement.conftest import Upstream
from tests.support.kafka_io import read_all
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
FEE = 250  # fen a unit: 100,000 units = 250,000 yuan


async def _fees(http: httpx.AsyncClient, provider: uuid.UUID) -> int:
    rows = (await http.get("/v1/receivables", headers=bearer(provider, Role.PROVIDER))).json()
    return sum(r["fee_fen"] for r in rows)


async def _deliver(up: Upstream, provider: uuid.UUID, units: int) -> None:
    order_id, job_id, today = uuid.uuid4(), uuid.uuid4(), clock.today()
    await up.publish(
        o.OrderSubmitted(
            order_id=order_id, office_id=uuid.uuid4(), client_id=uuid.uuid4(),
            category="garment_sewing", description="blouses", quantity=units, unit_fee_fen=FEE,
            materials_ready=today, deadline=today + timedelta(days=30), origin_market="yiwu",
            splittable=True, min_lot=1,
        ),
        order_id,
    )  # fmt: skip
    await up.publish(
        m.JobDelivered(
            job_id=job_id, order_id=order_id, provider_id=provider, good_units=units,
            defective_units=0, delivered_on=today, late=False,
        ),
        order_id,
    )  # fmt: skip


async def _run(http: httpx.AsyncClient, mine: str) -> list[dict[str, Any]]:
    body = {"county": "suichang", "year": clock.today().year}
    answer = await http.post("/v1/awards/runs", json=body, headers=admin())
    assert answer.status_code == 201, answer.text
    return [c for c in answer.json()["changes"] if c["subject"] == mine]


async def test_yearly_run_rerun_after_a_late_delivery_then_approve_and_pay(
    http: httpx.AsyncClient, upstream: Upstream, bootstrap: str
) -> None:
    provider = uuid.uuid4()
    await upstream.publish(
        m.ProviderRegistered(
            provider_id=provider, name="Jianming Garment Factory", county="suichang",
            township="Miaogao", village=f"V{provider.hex[:6]}", mode="factory",
            categories={"garment_sewing": 500}, workforce=m.Workforce(total=350, low_income=80),
            auto_accept=False,
        ),
        provider,
    )  # fmt: skip
    await _deliver(upstream, provider, 100_000)
    await eventually(lambda: _fees(http, provider), lambda f: f == 100_000 * FEE, what="fees")

    mine = str(provider)
    first = await _run(http, mine)
    assert [(c["change"], c["kind"], c["amount_fen"]) for c in first] == [
        ("new", "broker_award", 200_000)
    ]
    assert await _run(http, mine) == []  # idempotent

    await _deliver(upstream, provider, 120_000)  # late: 550,000 yuan in all, 350 workers
    await eventually(lambda: _fees(http, provider), lambda f: f == 220_000 * FEE, what="late")
    (changed,) = await _run(http, mine)
    assert (changed["change"], changed["before_fen"], changed["amount_fen"]) == (
        "changed", 200_000, 500_000
    )  # fmt: skip
    assert changed["rule"] == "suichang-2009/broker_awards.general.tier_2"

    meter_url = f"/v1/providers/{provider}/award-meter"
    meter = (await http.get(meter_url, headers=bearer(provider, Role.PROVIDER))).json()
    assert meter["annual_fee_fen"] == 220_000 * FEE
    assessment = meter["assessment"]
    assert (assessment["tier"], assessment["line"]["amount_fen"]) == (2, 500_000)
    # tier 3: more than 1,000,000 yuan (450,000.01 to go) and more than 500 workers (151)
    assert (assessment["next"]["fee_needed_fen"], assessment["next"]["workers_needed"]) == (
        45_000_001, 151
    )  # fmt: skip
    stranger = await http.get(meter_url, headers=bearer(uuid.uuid4(), Role.PROVIDER))
    assert stranger.status_code == 404

    awards = (await http.get("/v1/awards", headers=bearer(provider, Role.PROVIDER))).json()
    (award,) = awards
    assert (
        award["figures"]["annual_fee_fen"] == 220_000 * FEE and award["figures"]["workers"] == 350
    )
    award_id = award["award_id"]
    assert (await http.post(f"/v1/awards/{award_id}/pay", headers=admin())).status_code == 409
    assert (await http.post(f"/v1/awards/{award_id}/approve", json={}, headers=admin())).json()[
        "state"
    ] == "approved"
    paid = await http.post(f"/v1/awards/{award_id}/pay", headers=admin())
    assert paid.json()["state"] == "paid"
    forbidden = await http.post(
        f"/v1/awards/{award_id}/approve", json={}, headers=bearer(provider, Role.PROVIDER)
    )
    assert forbidden.status_code == 403

    async def story() -> list[str]:
        records = await read_all(bootstrap, AWARDS.name)
        return [r.value.decode() for r in records if award_id in r.value.decode()]

    told = await eventually(story, lambda s: len(s) >= 4, what="award events")
    kinds = [
        next(t for t in ("AwardAssessed", "AwardApproved", "AwardPaid") if t in s) for s in told
    ]
    assert kinds == ["AwardAssessed", "AwardAssessed", "AwardApproved", "AwardPaid"]


async def test_what_if_says_how_far_the_next_award_is(http: httpx.AsyncClient) -> None:
    who = bearer(uuid.uuid4(), Role.PROVIDER)
    body = {"kind": "general", "annual_fee_fen": 60_000_000, "workers": 150}
    answer = await http.post("/v1/policies/suichang-2009/evaluate", json=body, headers=who)
    assert answer.status_code == 200, answer.text
    got = answer.json()
    assert (got["tier"], got["line"]["amount_fen"]) == (1, 200_000)
    assert (got["next"]["tier"], got["next"]["fee_needed_fen"], got["next"]["workers_needed"]) == (
        2, 0, 151
    )  # fmt: skip
    bad = await http.post(
        "/v1/policies/suichang-2009/evaluate", json={**body, "kind": "mining"}, headers=who
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "kind"
    missing = await http.post("/v1/policies/lishui-1999/evaluate", json=body, headers=who)
    assert missing.status_code == 404

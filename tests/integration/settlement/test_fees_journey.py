"""On the real stack: an order, its job and two deliveries (one told twice) become
receivables; the office pays part, cannot overpay; the enterprise's statement adds up."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.identity import Role
from shared.region import clock
from tests.integration.settlement.conftest import Upstream
from tests.support.tokens import bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
FEE = 250  # fen a unit


async def _receivables(http: httpx.AsyncClient, auth: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (await http.get("/v1/receivables", headers=auth)).json()
    return rows


async def test_order_to_delivery_to_receivable_payment_and_statement(
    http: httpx.AsyncClient, upstream: Upstream
) -> None:
    office, client, provider = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    order_id, job_id = uuid.uuid4(), uuid.uuid4()
    today = clock.today()
    await upstream.publish(
        o.OrderSubmitted(
            order_id=order_id, office_id=office, client_id=client, category="bead_work",
            description="hair clips", quantity=200, unit_fee_fen=FEE,
            materials_ready=today, deadline=today + timedelta(days=20),
            origin_market="yiwu", splittable=True, min_lot=10,
        ),
        order_id,
    )  # fmt: skip
    await upstream.publish(
        m.ProviderRegistered(
            provider_id=provider, name="Xinlu beads", county="suichang", township="Xinlu",
            village="Xinlu", mode="centre", categories={"bead_work": 50},
            workforce=m.Workforce(total=120, low_income=30), auto_accept=False,
        ),
        provider,
    )  # fmt: skip
    await upstream.publish(
        m.OfferAccepted(
            offer_id=uuid.uuid4(), job_id=job_id, order_id=order_id, provider_id=provider,
            category="bead_work", units=200, start=today, end=today, deadline=today,
        ),
        order_id,
    )  # fmt: skip
    first = _delivery(job_id, order_id, provider, good=90, defective=10, final=False, today=today)
    await upstream.publish(first, order_id)
    await upstream.publish(first, order_id)  # told twice (new event id): never paid twice
    second = _delivery(job_id, order_id, provider, good=100, defective=0, final=True, today=today)
    await upstream.publish(second, order_id)

    office_auth = bearer(office, Role.OFFICE)
    rows = await eventually(
        lambda: _receivables(http, office_auth), lambda r: len(r) >= 2, what="two receivables"
    )
    assert sorted(r["fee_fen"] for r in rows) == [90 * FEE, 100 * FEE]
    assert {r["delivery_id"] for r in rows} == {str(first.delivery_id), str(second.delivery_id)}
    r1 = next(r for r in rows if r["delivery_id"] == str(first.delivery_id))
    assert (r1["good_units"], r1["defective_units"], r1["aging"]) == (90, 10, "0_30")
    assert r1["freight_subsidy_fen"] == 225  # 1% of 22,500 fen
    assert r1["freight_fen"] == 100 * 2 * 200 * 4 // 1000  # 100 units, Suichang-Yiwu 200 km

    pay = f"/v1/receivables/{first.delivery_id}/payments"
    body = {"amount_fen": 10_000, "paid_on": str(today)}
    other_office = bearer(uuid.uuid4(), Role.OFFICE)
    assert (await http.post(pay, json=body, headers=other_office)).status_code == 404
    paid = await http.post(pay, json=body, headers=office_auth)
    assert paid.status_code == 201, paid.text
    assert paid.json()["outstanding_fen"] == 90 * FEE - 10_000
    over = await http.post(pay, json={**body, "amount_fen": 20_000}, headers=office_auth)
    assert over.status_code == 422
    assert over.json()["detail"][0]["field"] == "amount_fen"

    month = today.strftime("%Y-%m")
    url = f"/v1/providers/{provider}/statements/{month}"
    assert (await http.get(url, headers=bearer(uuid.uuid4(), Role.PROVIDER))).status_code == 404
    statement = (await http.get(url, headers=bearer(provider, Role.PROVIDER))).json()
    assert statement["jobs_delivered"] == 1
    assert (statement["good_units"], statement["defective_units"]) == (190, 10)
    assert statement["fees_fen"] == 190 * FEE
    assert statement["payments_received_fen"] == 10_000
    assert statement["balance_fen"] == 190 * FEE - 10_000
    mine = bearer(provider, Role.PROVIDER)
    pdf = await http.get(url, params={"format": "pdf"}, headers=mine)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    sheet = await http.get("/v1/receivables", params={"format": "xlsx"}, headers=office_auth)
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"  # a zip: .xlsx
    csv = await http.get("/v1/aging", params={"format": "csv"}, headers=office_auth)
    assert csv.text.splitlines()[1].endswith(f",{190 * FEE - 10_000}")
    bad = await http.get(
        f"/v1/providers/{provider}/statements/2026-13", headers=bearer(provider, Role.PROVIDER)
    )
    assert bad.status_code == 422


def _delivery(
    job_id: uuid.UUID,
    order_id: uuid.UUID,
    provider: uuid.UUID,
    *,
    good: int,
    defective: int,
    final: bool,
    today: Any,
) -> m.JobDeliveredV2:
    return m.JobDeliveredV2(
        job_id=job_id, order_id=order_id, provider_id=provider, good_units=good,
        defective_units=defective, delivered_on=today, late=False, delivery_id=uuid.uuid4(),
        final=final, over_tolerance=False, total_good_units=good, total_defective_units=defective,
        units_total=200,
    )  # fmt: skip

"""Intake's OrderSubmitted tells the balancer when materials are ready, so a job matching
scheduled late moves to a lender's earlier free days (real Kafka, PostgreSQL, balancer)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from shared.contracts import orders as o
from shared.events import new_envelope
from shared.kafka.topics import ORDERS
from tests.integration.balancer.scenario import (
    BUSY_UNITS,
    LENDER_UNITS,
    FakeMatching,
    Tea,
    day,
    events_of,
)
from tests.support.tokens import admin

pytestmark = pytest.mark.integration


def submitted(tea: Tea) -> o.OrderSubmitted:
    return o.OrderSubmitted(
        order_id=tea.order_id, office_id=uuid.uuid4(), client_id=uuid.uuid4(), category=tea.cat,
        description="pearl collars", quantity=25, unit_fee_fen=100, materials_ready=day(0),
        deadline=day(13), origin_market="yiwu", splittable=True, min_lot=5,
    )  # fmt: skip


async def test_a_job_scheduled_late_moves_to_loan_days_before_its_start(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str
) -> None:
    tea = Tea()
    env = new_envelope(submitted(tea), key=str(tea.order_id))
    await matching.producer.send_and_wait(ORDERS.name, env.to_bytes(), key=env.key.encode())
    await matching.register(tea.busy, "jinyun", tea.village, tea.cat, BUSY_UNITS)
    await matching.register(tea.lender, "liandu", "Bihu", tea.cat, LENDER_UNITS)
    # Matching booked it from day 8: at 3 a day in the tea season, 10 of 25 units run late.
    job = tea.accepted().model_copy(
        update={"units": 25, "start": day(8), "end": day(12), "deadline": day(12)}
    )
    await matching.publish(job, tea.order_id)
    r = await http.post("/v1/seasons", json=tea.season(), headers=admin())
    assert r.status_code == 201, r.text
    (risk,) = await events_of(bootstrap, tea.job_id, "JobAtRisk")
    assert risk["payload"]["late_units"] == 10

    # The lender is free only on days 2..6, all before the job's own start.
    body = {"category": tea.cat, "start": str(day(2)), "end": str(day(6)), "units_per_day": 6}
    assert (await http.post("/v1/loans", json=body, headers=tea.lender_auth)).status_code == 201
    (proposed,) = await events_of(bootstrap, tea.job_id, "TransferProposed")
    assert proposed["payload"]["units"] == 10
    tid = proposed["payload"]["transfer_id"]
    t = await http.get(f"/v1/transfers/{tid}", headers=tea.lender_auth)
    days = [s["day"] for s in t.json()["schedule"]]
    # Materials ready day 0, a day's drive from Yiwu to Jinyun, another on to Liandu.
    assert str(day(2)) <= min(days) and max(days) <= str(day(6)) < str(job.start)

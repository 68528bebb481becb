"""Matching's job endings reach the real balancer over Kafka: a partial delivery (JobDelivered
v2, not final) leaves the rest of the job loading its provider; a cancelled job loads it no
more and its unanswered transfer proposal is withdrawn (expired), freeing the loan's days."""

from __future__ import annotations

import uuid

import httpx
import pytest

from shared.contracts import matching as m
from tests.integration.balancer.scenario import (
    JOB_UNITS,
    FakeMatching,
    Tea,
    day,
    events_of,
    offer_loan,
    start_tea_season,
)
from tests.integration.balancer.test_projection import planned_units
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


def cancelled(tea: Tea, kept: int) -> m.JobCancelled:
    return m.JobCancelled(
        job_id=tea.job_id, order_id=tea.order_id, provider_id=tea.busy, units_kept=kept,
        units_released=JOB_UNITS - kept, reason="the office cancelled the order",
    )  # fmt: skip


async def test_a_partial_delivery_then_a_cancellation(
    http: httpx.AsyncClient, matching: FakeMatching
) -> None:
    tea = Tea()
    await matching.register(tea.busy, "jinyun", tea.village, tea.cat, 5)
    await matching.publish(tea.accepted(), tea.order_id)
    await eventually(lambda: planned_units(http, tea.busy), lambda u: u == JOB_UNITS, what="40")
    part = m.JobDeliveredV2(
        job_id=tea.job_id, order_id=tea.order_id, provider_id=tea.busy, good_units=14,
        defective_units=1, delivered_on=day(0), late=False, delivery_id=uuid.uuid4(),
        final=False, over_tolerance=False, total_good_units=14, total_defective_units=1,
        units_total=JOB_UNITS,
    )  # fmt: skip
    await matching.publish(part, tea.order_id)
    await eventually(
        lambda: planned_units(http, tea.busy), lambda u: u == JOB_UNITS - 15, what="25 left"
    )
    await matching.publish(cancelled(tea, kept=15), tea.order_id)
    await eventually(lambda: planned_units(http, tea.busy), lambda u: u == 0, what="cancelled")


async def test_a_cancelled_job_withdraws_its_transfer_proposal(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str
) -> None:
    tea = await start_tea_season(http, matching)
    loan_id = await offer_loan(http, tea, tea.lender_auth)
    (proposed,) = await events_of(bootstrap, tea.job_id, "TransferProposed")
    transfer_id = proposed["payload"]["transfer_id"]
    await matching.publish(cancelled(tea, kept=0), tea.order_id)
    (expired,) = await events_of(bootstrap, tea.job_id, "TransferExpired")
    assert expired["payload"]["transfer_id"] == transfer_id
    r = await http.get(f"/v1/transfers/{transfer_id}", headers=admin())
    assert (r.json()["state"], r.json()["outcome"]) == ("compensated", "expired"), r.text
    loans = (await http.get("/v1/loans", headers=admin())).json()
    (loan,) = [x for x in loans if x["id"] == loan_id]
    assert loan["reservations"] == []
    await eventually(lambda: planned_units(http, tea.busy), lambda u: u == 0, what="no load")

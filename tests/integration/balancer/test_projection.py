"""Matching's facts feed the load view: out of order, told twice, progress and delivery."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from shared.contracts import matching as m
from tests.integration.balancer.scenario import (
    JOB_UNITS,
    FakeMatching,
    Tea,
    day,
    events_of,
    start_tea_season,
)
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def planned_units(http: httpx.AsyncClient, provider_id: uuid.UUID) -> int:
    params = {"provider_id": str(provider_id), "from": str(day(0)), "until": str(day(20))}
    rows: list[dict[str, Any]] = (
        await http.get("/v1/load/providers", params=params, headers=admin())
    ).json()
    return sum(r["planned_units"] for r in rows)


async def test_progress_before_its_job_and_a_job_told_twice_count_once(
    http: httpx.AsyncClient, matching: FakeMatching
) -> None:
    tea = Tea()
    progress = m.JobProgressReported(
        job_id=tea.job_id, order_id=tea.order_id, provider_id=tea.busy,
        units_done=15, units_total=JOB_UNITS, reported_on=day(0),
    )  # fmt: skip
    await matching.publish(progress, tea.order_id)
    await matching.register(tea.busy, "jinyun", tea.village, tea.cat, 5)
    await matching.publish(tea.accepted(), tea.order_id)
    await matching.publish(tea.accepted(), tea.order_id)  # re-emitted with a new event id
    await eventually(
        lambda: planned_units(http, tea.busy), lambda u: u == JOB_UNITS - 15, what="25 planned"
    )
    delivered = m.JobDelivered(
        job_id=tea.job_id, order_id=tea.order_id, provider_id=tea.busy,
        good_units=40, defective_units=0, delivered_on=day(0), late=False,
    )  # fmt: skip
    await matching.publish(delivered, tea.order_id)
    await eventually(lambda: planned_units(http, tea.busy), lambda u: u == 0, what="delivered")


async def test_a_closed_day_in_the_calendar_raises_the_late_units_announced(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str
) -> None:
    tea = await start_tea_season(http, matching)
    closed = m.CalendarChanged(
        provider_id=tea.busy, exception_id=uuid.uuid4(), category=None,
        start=day(1), end=day(2), factor=0, reason="village wedding",
    )  # fmt: skip
    await matching.publish(closed, tea.busy)
    second = (await events_of(bootstrap, tea.job_id, "JobAtRisk", 2))[1]
    assert second["payload"]["late_units"] == 16  # two closed days at 3 a day

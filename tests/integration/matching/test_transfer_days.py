"""Issue 12 item 3 on the real stack: a transfer's split books the days the lender
reserved (TransferAccepted v2) or is refused with the reason; a v1 split never books a
day before the materials can reach the lender."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest

from shared.contracts.balancer import TransferAccepted, TransferAcceptedV2
from shared.kafka.topics import TRANSFERS
from tests.integration.matching.conftest import (
    broker,
    of_type,
    placements_for,
    publish,
    register,
    soon,
)
from tests.integration.matching.test_capacity_rules import define_and_register, fresh_code
from tests.integration.matching.test_jobs_and_access import accepted_job
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
Cast = list[tuple[uuid.UUID, str]]
CATEGORY = "knitting"
READY = 5  # the order's materials are ready in 5 days


async def job_of(http: httpx.AsyncClient, bootstrap: str, retire: Cast) -> dict:
    retire.append((await register(http, category=CATEGORY, units=400), CATEGORY))
    return await accepted_job(
        http, bootstrap, 150, CATEGORY, materials_ready=soon(READY), deadline=soon(30)
    )


def transfer(job: dict, lender: uuid.UUID, units: int, days: dict[date, int] | None = None):
    fields = dict(
        transfer_id=uuid.uuid4(),
        job_id=uuid.UUID(job["id"]),
        order_id=uuid.UUID(job["order_id"]),
        from_provider_id=uuid.UUID(job["provider_id"]),
        to_provider_id=lender,
        units=units,
    )
    return TransferAccepted(**fields) if days is None else TransferAcceptedV2(**fields, days=days)


async def answers(bootstrap: str, job: dict, n: int) -> list[dict]:
    events = await eventually(
        lambda: placements_for(bootstrap, uuid.UUID(job["order_id"])),
        lambda e: len(of_type(e, "JobSplit", "JobSplitRefused")) >= n,
        timeout=30,
        what=f"{n} answers",
    )
    return of_type(events, "JobSplit", "JobSplitRefused")


async def test_v2_split_books_exactly_the_reserved_days_or_is_refused_with_the_reason(
    http: httpx.AsyncClient, bootstrap: str, retire: Cast
) -> None:
    """Fails on the old code: the split went onto the lender's earliest free days."""
    job = await job_of(http, bootstrap, retire)
    lender = await register(http, category=CATEGORY, units=60, county="liandu")
    retire.append((lender, CATEGORY))
    reserved = {soon(12): 40, soon(14): 60}
    too_early = {soon(1): 20}  # before the materials are even ready
    too_many = {soon(15): 70}  # the lender makes 60 a day
    asked = [
        transfer(job, lender, 20, too_early),
        transfer(job, lender, 70, too_many),
        transfer(job, lender, 100, reserved),
    ]
    for t in asked:
        await publish(bootstrap, TRANSFERS, t, job["id"])
    early, full, split = await answers(bootstrap, job, 3)
    assert early["type"] == "JobSplitRefused" and early["version"] == 2
    assert "before the materials can reach the lender" in early["payload"]["reason"]
    assert full["type"] == "JobSplitRefused" and "cannot be booked" in full["payload"]["reason"]
    assert split["type"] == "JobSplit" and split["payload"]["units"] == 100
    moved = (
        await http.get(f"/v1/jobs/{split['payload']['new_job_id']}", headers=broker(lender))
    ).json()
    assert moved["schedule"] == {d.isoformat(): u for d, u in reserved.items()}
    source = (await http.get(f"/v1/jobs/{job['id']}", headers=admin())).json()
    assert source["units"] == 50 and sum(source["schedule"].values()) == 50


async def test_v1_split_never_books_before_the_materials_reach_the_lender(
    http: httpx.AsyncClient, bootstrap: str, retire: Cast
) -> None:
    """Fails on the old code: the lender's days started today, before the materials."""
    job = await job_of(http, bootstrap, retire)
    lender = await register(http, category=CATEGORY, units=60, county="liandu")
    retire.append((lender, CATEGORY))
    await publish(bootstrap, TRANSFERS, transfer(job, lender, 90), job["id"])
    (split,) = await answers(bootstrap, job, 1)
    assert split["type"] == "JobSplit", split
    moved = (
        await http.get(f"/v1/jobs/{split['payload']['new_job_id']}", headers=broker(lender))
    ).json()
    assert min(moved["schedule"]) > soon(READY).isoformat()
    assert sum(moved["schedule"].values()) == 90


async def test_a_job_of_a_category_the_catalogue_added_can_be_split(
    http: httpx.AsyncClient, bootstrap: str, retire: Cast
) -> None:
    """Fails on the old code: the split looked the lender's calendar up under the closed
    ``Category`` enum, which refuses a code intake defined later (no answer at all)."""
    code = fresh_code("toy_assembly")
    owner = await define_and_register(http, bootstrap, code, units=400)
    retire.append((owner, code))
    job = await accepted_job(
        http, bootstrap, 150, code, materials_ready=soon(READY), deadline=soon(30)
    )
    lender = await register(http, category=code, units=60, county="liandu")
    retire.append((lender, code))
    reserved = {soon(12): 40, soon(14): 60}
    await publish(bootstrap, TRANSFERS, transfer(job, lender, 100, reserved), job["id"])
    await publish(bootstrap, TRANSFERS, transfer(job, lender, 30), job["id"])  # v1: free days
    by_reserved, by_free_days = await answers(bootstrap, job, 2)
    assert by_reserved["type"] == "JobSplit", by_reserved
    assert by_free_days["type"] == "JobSplit", by_free_days
    moved = (
        await http.get(f"/v1/jobs/{by_reserved['payload']['new_job_id']}", headers=broker(lender))
    ).json()
    assert moved["category"] == code
    assert moved["schedule"] == {d.isoformat(): u for d, u in reserved.items()}
    source = (await http.get(f"/v1/jobs/{job['id']}", headers=admin())).json()
    assert source["units"] == 20 and sum(source["schedule"].values()) == 20


async def test_a_job_whose_every_unit_moved_ends_moved_and_refuses_work(
    http: httpx.AsyncClient, bootstrap: str, retire: Cast
) -> None:
    """Fails on the old code: the emptied job stayed ``accepted`` with 0 units, took
    progress (200, in_production) and could never be delivered, so it stayed open."""
    job = await job_of(http, bootstrap, retire)
    lender = await register(http, category=CATEGORY, units=200, county="liandu")
    retire.append((lender, CATEGORY))
    await publish(bootstrap, TRANSFERS, transfer(job, lender, 150), job["id"])
    (split,) = await answers(bootstrap, job, 1)
    assert split["type"] == "JobSplit", split
    source = (await http.get(f"/v1/jobs/{job['id']}", headers=admin())).json()
    assert (source["status"], source["units"], source["schedule"]) == ("moved", 0, {})
    owner = broker(uuid.UUID(job["provider_id"]))
    progress = await http.post(
        f"/v1/jobs/{job['id']}/progress", json={"units_done": 0}, headers=owner
    )
    assert progress.status_code == 409 and "moved to another enterprise" in progress.text
    delivery = await http.post(
        f"/v1/jobs/{job['id']}/delivery",
        json={"good_units": 1, "defective_units": 0},
        headers=owner,
    )
    assert delivery.status_code == 409 and "moved to another enterprise" in delivery.text
    listed = await http.get("/v1/jobs", params={"status": "moved"}, headers=owner)
    assert [j["id"] for j in listed.json()] == [job["id"]]

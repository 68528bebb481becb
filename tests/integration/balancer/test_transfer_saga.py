"""The transfer saga end to end: real Kafka, PostgreSQL and a balancer process; matching faked.

Tea picking takes 40% of a Jinyun village's hands, its factory's job runs 10
units late, a Liandu factory lends 3 units a day: the balancer proposes, the
lender accepts, matching refuses (compensation, and a retry with another lender,
since a refused lender is not asked again for that job), then splits.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from services.balancer.adapters.tables import messaging
from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.config import BalancerSettings
from services.balancer.handlers.transfers import expire_due
from shared.contracts import matching as m
from shared.db.engine import make_engine, make_sessionmaker
from shared.identity import Role
from shared.region import clock
from tests.integration.balancer.scenario import (
    FakeMatching,
    Tea,
    events_of,
    offer_loan,
    start_tea_season,
)
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def loan_holds(http: httpx.AsyncClient, tea: Tea, loan_id: str) -> set[str]:
    loans = (await http.get("/v1/loans", headers=tea.lender_auth)).json()
    (loan,) = [x for x in loans if x["id"] == loan_id]
    return {r["transfer_id"] for r in loan["reservations"]}


async def transfer(http: httpx.AsyncClient, tea: Tea, transfer_id: str) -> dict[str, Any]:
    r = await http.get(f"/v1/transfers/{transfer_id}", headers=tea.lender_auth)
    assert r.status_code == 200, r.text
    return dict(r.json())


@pytest.mark.parametrize("refusal_version", [1, 2])
async def test_refusal_compensates_and_retries_then_the_split_completes(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str, refusal_version: int
) -> None:
    tea = await start_tea_season(http, matching)
    loan_id = await offer_loan(http, tea, tea.lender_auth)
    (proposed,) = await events_of(bootstrap, tea.job_id, "TransferProposed")
    first = proposed["payload"]
    assert (first["from_provider_id"], first["to_provider_id"]) == (str(tea.busy), str(tea.lender))
    assert first["units"] == 10 and first["order_id"] == str(tea.order_id)
    assert await loan_holds(http, tea, loan_id) == {first["transfer_id"]}

    accepted = await http.post(
        f"/v1/transfers/{first['transfer_id']}/accept", headers=tea.lender_auth
    )
    assert accepted.status_code == 200 and accepted.json()["state"] == "split_requested"
    (acc,) = await events_of(bootstrap, tea.job_id, "TransferAccepted")
    assert acc["payload"]["units"] == 10 and acc["version"] == 2
    # The days matching must book are exactly the loan days reserved for the transfer.
    reserved = {
        d["day"]: d["units"] for d in (await transfer(http, tea, first["transfer_id"]))["schedule"]
    }
    assert acc["payload"]["days"] == reserved and sum(reserved.values()) == 10

    refusal: m.JobSplitRefused = m.JobSplitRefused(
        transfer_id=first["transfer_id"], job_id=tea.job_id, reason="job progressed"
    )
    if refusal_version == 2:
        refusal = m.JobSplitRefusedV2(**refusal.model_dump(), order_id=tea.order_id)
    await matching.publish(refusal, tea.order_id)
    (failed,) = await events_of(bootstrap, tea.job_id, "TransferFailed")
    assert failed["payload"]["will_retry"] is True
    old = await transfer(http, tea, first["transfer_id"])
    assert (old["state"], old["outcome"]) == ("compensated", "failed")
    assert first["transfer_id"] not in await loan_holds(http, tea, loan_id)

    # Matching refused this lender for the job: the retry goes to another lender,
    # offered only now, so a retry to the refused one would have come first.
    other = uuid.uuid4()
    other_auth = bearer(other, Role.PROVIDER)
    await matching.register(other, "liandu", "Nanming", tea.cat, 6)
    await offer_loan(http, tea, other_auth)
    retry = (await events_of(bootstrap, tea.job_id, "TransferProposed", 2))[1]["payload"]
    assert retry["transfer_id"] != first["transfer_id"] and retry["units"] == 10
    assert retry["to_provider_id"] == str(other)
    seen = await http.get(f"/v1/transfers/{retry['transfer_id']}", headers=other_auth)
    assert seen.json()["attempt"] == 2
    ok = await http.post(f"/v1/transfers/{retry['transfer_id']}/accept", headers=other_auth)
    assert ok.status_code == 200, ok.text

    new_job = uuid.uuid4()
    split = m.JobSplit(
        transfer_id=retry["transfer_id"], job_id=tea.job_id, new_job_id=new_job,
        order_id=tea.order_id, from_provider_id=tea.busy, to_provider_id=other, units=10,
    )  # fmt: skip
    await matching.publish(split, tea.order_id)
    (done,) = await events_of(bootstrap, tea.job_id, "TransferCompleted")
    assert done["payload"]["new_job_id"] == str(new_job) and done["payload"]["units"] == 10
    final = (await http.get(f"/v1/transfers/{retry['transfer_id']}", headers=other_auth)).json()
    assert (final["state"], final["new_job_id"]) == ("completed", str(new_job))


async def test_only_the_receiver_answers_and_a_decline_frees_the_loan_for_someone_else(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str
) -> None:
    tea = await start_tea_season(http, matching)
    loan_id = await offer_loan(http, tea, tea.lender_auth)
    (proposed,) = await events_of(bootstrap, tea.job_id, "TransferProposed")
    tid = proposed["payload"]["transfer_id"]

    stranger = bearer(uuid.uuid4(), Role.PROVIDER)
    assert (await http.post(f"/v1/transfers/{tid}/accept", headers=stranger)).status_code == 404
    assert (await http.get(f"/v1/transfers/{tid}", headers=stranger)).status_code == 404
    no = {"reason": "not mine"}
    r = await http.post(f"/v1/transfers/{tid}/decline", json=no, headers=stranger)
    assert r.status_code == 404
    assert (await http.get("/v1/transfers", headers=stranger)).json() == []
    assert (
        await http.post(f"/v1/transfers/{tid}/accept", headers=tea.busy_auth)
    ).status_code == 403
    assert (await http.post(f"/v1/transfers/{tid}/accept", headers=admin())).status_code == 403
    assert [t["id"] for t in (await http.get("/v1/transfers", headers=tea.busy_auth)).json()] == [
        tid
    ]

    r = await http.post(
        f"/v1/transfers/{tid}/decline",
        json={"reason": "our own order came in"},
        headers=tea.lender_auth,
    )
    assert r.status_code == 200 and r.json()["outcome"] == "declined"
    (declined,) = await events_of(bootstrap, tea.job_id, "TransferDeclined")
    assert declined["payload"]["reason"] == "our own order came in"
    assert await loan_holds(http, tea, loan_id) == set()
    again = await http.post(f"/v1/transfers/{tid}/accept", headers=tea.lender_auth)
    assert again.status_code == 409

    # The declining lender is not asked again; a second lender is.
    other = uuid.uuid4()
    await matching.register(other, "liandu", "Nanming", tea.cat, 6)
    await offer_loan(http, tea, bearer(other, Role.PROVIDER))
    second = (await events_of(bootstrap, tea.job_id, "TransferProposed", 2))[1]["payload"]
    assert second["to_provider_id"] == str(other)

    # The admin sees the season bite: the busy factory's first week is over 100%.
    load = await http.get(
        "/v1/load/providers", params={"provider_id": str(tea.busy)}, headers=admin()
    )
    assert load.status_code == 200 and any(w["overloaded"] for w in load.json())
    counties = (await http.get("/v1/load/counties", headers=admin())).json()
    assert {"jinyun", "liandu"} <= {c["county"] for c in counties}


async def test_unanswered_proposals_expire_and_release_the_loan(
    http: httpx.AsyncClient, matching: FakeMatching, bootstrap: str
) -> None:
    tea = await start_tea_season(http, matching)
    loan_id = await offer_loan(http, tea, tea.lender_auth)
    (proposed,) = await events_of(bootstrap, tea.job_id, "TransferProposed")
    tid = proposed["payload"]["transfer_id"]
    await expire_everything_due_in_two_days()
    (expired,) = await events_of(bootstrap, tea.job_id, "TransferExpired")
    assert expired["payload"]["transfer_id"] == tid
    assert await loan_holds(http, tea, loan_id) == set()
    late = await http.post(f"/v1/transfers/{tid}/accept", headers=tea.lender_auth)
    assert late.status_code == 409
    await eventually(
        lambda: transfer(http, tea, tid), lambda t: t["outcome"] == "expired", what="expired"
    )


async def expire_everything_due_in_two_days() -> None:
    """Runs the expiry worker's step in-process against the service's own schema."""
    engine = make_engine(BalancerSettings().database_url, schema="balancer", pool_size=2)
    try:
        uow = BalancerUnitOfWork(make_sessionmaker(engine), messaging.outbox)
        assert await expire_due(uow, clock.now() + timedelta(days=2)) >= 1
    finally:
        await engine.dispose()

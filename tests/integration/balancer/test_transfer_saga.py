"""The transfer saga end to end: real Kafka, PostgreSQL and a balancer process; matching faked.

Tea picking takes 40% of a Jinyun village's hands, its factory's job runs 10
units late, a Liandu factory lends 3 units a day. Proposal, acceptance, refusal
(v1 and v2), retry and split run as shared scenarios (test_saga_scenarios.py, the
same bodies in memory); here: who may answer and see, the admin's load, expiry.
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

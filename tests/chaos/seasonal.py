"""A seasonal overload told through the real services' APIs, for the balancer's checks.

A Jinyun welding workshop in a village of its own takes every order of the story on
auto-accept. Only then do three Liandu factories register and lend capacity (any
earlier and the matcher would give them orders too). Tea picking then halves the
workshop's village: about half its units go late, and the balancer plans transfers to
the lenders, which the check answers as each receiving factory. One lender declines
whatever it is asked, and the workshop pushes on with some jobs before their transfers
are split, so matching refuses those: every way a saga can end is in the story.

Other checks order welding too, so a story retires its cast when it ends: every job
delivered, every loan withdrawn, every factory's capacity set to nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.identity import Role
from shared.region import clock
from tests.chaos.flows import Office, new_office, order_body, rows
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually

CATEGORY = "welding_assembly"
BUSY_UNITS, ORDERS, QTY = 100, 48, 20  # 960 of the 1,000 units of its ten working days
SEASON_FACTOR = "0.5"


@dataclass(frozen=True)
class Lender:
    makes: int  # units a day matching knows the factory can make
    lends: int  # units a day it offers the balancer
    declines: bool = False  # its own order came in: it declines whatever it is asked


LENDERS = (Lender(100, 50), Lender(100, 50), Lender(100, 30, declines=True))
# Halved, a workshop makes 50 a day on the eleven days from its first booked day (day 1)
# to the deadline (day 11): moving any of those units away would be a needless move.
CAN_MAKE = BUSY_UNITS // 2 * 11
PUSHED_ON = 4  # the workshop pushes on with the job of every fourth first proposal


def day(n: int) -> date:
    """Lishui days, as the balancer counts them (UTC+8)."""
    return clock.today() + timedelta(days=n)


@dataclass
class Story:
    """One workshop, the orders it took, and the factories that lend to it."""

    busy: uuid.UUID = field(default_factory=uuid.uuid4)
    village: str = field(default_factory=lambda: f"Hutang {uuid.uuid4().hex[:6]}")
    orders: list[uuid.UUID] = field(default_factory=list)
    lenders: list[uuid.UUID] = field(default_factory=list)
    decliners: set[uuid.UUID] = field(default_factory=set)

    @property
    def providers(self) -> list[uuid.UUID]:
        return [self.busy, *self.lenders]


async def book_the_workshop(
    intake: httpx.AsyncClient,
    matching: httpx.AsyncClient,
    balancer: httpx.AsyncClient,
    db: AsyncEngine,
) -> Story:
    """The workshop booked full, every job in the balancer's view, then the lenders' loans."""
    story = Story()
    await register(matching, story.busy, "jinyun", story.village, BUSY_UNITS)
    office = await new_office(intake)
    story.orders = [await _order(intake, office) for _ in range(ORDERS)]
    sql = "SELECT count(*) FROM balancer.jobs WHERE provider_id = :p"
    await eventually(
        lambda: rows(db, sql, p=story.busy), lambda r: r[0][0] == ORDERS, timeout=60,
        what="every order's job in the balancer's view",
    )  # fmt: skip
    for lender in LENDERS:
        lender_id = await _lend(matching, balancer, lender)
        story.lenders.append(lender_id)
        if lender.declines:
            story.decliners.add(lender_id)
    return story


async def retire(
    matching: httpx.AsyncClient, balancer: httpx.AsyncClient, db: AsyncEngine, story: Story
) -> None:
    """Jobs delivered (nothing left to plan for them), loans withdrawn (nothing for the
    next story's plans), capacity set to nothing (nothing for the next orders)."""
    sql = (
        "SELECT id, provider_id, units FROM matching.jobs WHERE order_id = ANY(:o)"
        " AND status IN ('accepted', 'in_production') AND units > 0"
    )  # a job split away whole has nothing to deliver
    for job_id, provider, units in await rows(db, sql, o=story.orders):
        body = {"good_units": units, "defective_units": 0}
        r = await matching.post(f"/v1/jobs/{job_id}/delivery", json=body, headers=_as(provider))
        assert r.status_code == 200, r.text
    sql = "SELECT id, provider_id FROM balancer.loans WHERE provider_id = ANY(:p)"
    for loan_id, lender in await rows(db, sql, p=story.lenders):
        r = await balancer.post(f"/v1/loans/{loan_id}/withdraw", headers=_as(lender))
        assert r.status_code == 200, r.text
    for provider in story.providers:
        url, body = f"/v1/providers/{provider}/capacity/{CATEGORY}", {"units_per_day": 0}
        r = await matching.put(url, json=body, headers=_as(provider))
        assert r.status_code == 200, r.text


def _as(provider: uuid.UUID) -> dict[str, str]:
    return bearer(provider, Role.PROVIDER)


async def register(
    matching: httpx.AsyncClient, provider_id: uuid.UUID, county: str, village: str, units: int
) -> None:
    body = {
        "id": str(provider_id), "name": f"Works {provider_id.hex[:6]}", "broker_name": "Ye Lan",
        "contact": "139-0000-0000", "county": county, "township": village, "village": village,
        "mode": "factory", "categories": {CATEGORY: units}, "workforce": {"total": 60},
        "auto_accept": county == "jinyun",  # the busy workshops take their orders unasked
    }  # fmt: skip
    r = await matching.post("/v1/providers", json=body, headers=admin())
    assert r.status_code == 201, r.text


async def _order(intake: httpx.AsyncClient, office: Office) -> uuid.UUID:
    # Matching books the days strictly between materials-ready and the deadline: ten here.
    # Materials are ready today, so the retirement can deliver today (a delivery before
    # the materials were ready is refused).
    body = order_body(
        office, category=CATEGORY, quantity=QTY, min_lot=QTY,
        materials_ready=str(day(0)), deadline=str(day(11)),
    )  # fmt: skip
    r = await intake.post("/v1/orders", json=body, headers=office.headers)
    assert r.status_code == 201, r.text
    return uuid.UUID(r.json()["id"])


async def _lend(
    matching: httpx.AsyncClient, balancer: httpx.AsyncClient, lender: Lender
) -> uuid.UUID:
    lender_id = uuid.uuid4()
    await register(matching, lender_id, "liandu", "Bihu", lender.makes)
    body = {"category": CATEGORY, "start": str(day(0)), "end": str(day(30)),
            "units_per_day": lender.lends}  # fmt: skip
    r = await balancer.post("/v1/loans", json=body, headers=bearer(lender_id, Role.PROVIDER))
    assert r.status_code == 201, r.text
    return lender_id


async def tea_picking(balancer: httpx.AsyncClient, story: Story) -> None:
    factor = {"county": "jinyun", "village_group": story.village, "factor": SEASON_FACTOR}
    body = {"name": f"tea picking {story.village}", "start": str(day(0)),
            "end": str(day(30)), "factors": [factor]}  # fmt: skip
    r = await balancer.post("/v1/seasons", json=body, headers=admin())
    assert r.status_code == 201, r.text


async def answer_proposals(balancer: httpx.AsyncClient, db: AsyncEngine, story: Story) -> int:
    """Each receiving factory answers what it was proposed, one transfer after another.

    An answer lost with the process raises httpx.TransportError; 409 means the transfer
    was answered or expired meanwhile, which a later round sees in its state.
    """
    sql = "SELECT id, to_provider_id FROM balancer.transfers WHERE order_id = ANY(:o)"
    proposed = await rows(db, sql + " AND state = 'proposed' ORDER BY id", o=story.orders)
    for transfer_id, receiver in proposed:
        auth = bearer(receiver, Role.PROVIDER)
        if receiver in story.decliners:
            body = {"reason": "our own order came in"}
            r = await balancer.post(f"/v1/transfers/{transfer_id}/decline", json=body, headers=auth)
        else:
            r = await balancer.post(f"/v1/transfers/{transfer_id}/accept", headers=auth)
        assert r.status_code in (200, 409), r.text
    return len(proposed)


async def push_on(matching: httpx.AsyncClient, db: AsyncEngine, story: Story) -> int:
    """The workshop reports so much done on some proposed jobs that fewer units are left than
    their transfers would move: matching must refuse those splits (JobSplitRefused)."""
    sql = (
        "SELECT t.job_id, j.units, t.units FROM balancer.transfers t"
        " JOIN balancer.jobs j ON j.id = t.job_id"
        " WHERE t.order_id = ANY(:o) AND t.state = 'proposed' ORDER BY t.id"
    )
    pushed = (await rows(db, sql, o=story.orders))[::PUSHED_ON]
    for job_id, job_units, moved in pushed:
        body = {"units_done": job_units - moved + 1}
        auth = bearer(story.busy, Role.PROVIDER)
        r = await matching.post(f"/v1/jobs/{job_id}/progress", json=body, headers=auth)
        assert r.status_code == 200, r.text
    return len(pushed)

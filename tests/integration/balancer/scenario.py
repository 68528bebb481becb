"""Tea picking in a Jinyun village: a busy factory, a Liandu lender, and matching faked on Kafka.

Every scenario has its own category code and village, so scenarios sharing one
balancer never lend to each other's jobs or thin out each other's villages.
"""

from __future__ import annotations

import random
import string
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import orjson
from aiokafka import AIOKafkaProducer

from shared.contracts import matching as m
from shared.events import Payload, new_envelope
from shared.identity import Role
from shared.kafka.topics import PLACEMENTS, PROVIDERS, TRANSFERS
from shared.region.clock import today
from tests.support.kafka_io import read_all
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually

BUSY_UNITS, LENDER_UNITS, JOB_UNITS = 5, 6, 40  # 40 in 10 days fits 5/day, not 3/day


def unique_letters(n: int = 8) -> str:
    return "".join(random.choices(string.ascii_lowercase, k=n))


def day(n: int) -> date:
    return today() + timedelta(days=n)


@dataclass
class FakeMatching:
    producer: AIOKafkaProducer
    bootstrap: str

    async def publish(self, payload: Payload, key: uuid.UUID) -> None:
        about_providers = (m.ProviderRegistered, m.CapacityChanged, m.CalendarChanged)
        topic = PROVIDERS if isinstance(payload, about_providers) else PLACEMENTS
        env = new_envelope(payload, key=str(key))
        await self.producer.send_and_wait(topic.name, env.to_bytes(), key=env.key.encode())

    async def register(
        self, provider_id: uuid.UUID, county: str, village: str, cat: str, units: int
    ) -> None:
        await self.publish(
            m.ProviderRegistered(
                provider_id=provider_id, name=f"{village} works", county=county, township=village,
                village=village, mode="factory", categories={cat: units},
                workforce=m.Workforce(total=40), auto_accept=False,
            ),
            provider_id,
        )  # fmt: skip


@dataclass
class Tea:
    """The cast of one scenario: busy Jinyun factory, Liandu lender, one late job."""

    cat: str = field(default_factory=lambda: f"pearl_{unique_letters()}")
    village: str = field(default_factory=lambda: f"Hutang {unique_letters(4)}")
    busy: uuid.UUID = field(default_factory=uuid.uuid4)
    lender: uuid.UUID = field(default_factory=uuid.uuid4)
    job_id: uuid.UUID = field(default_factory=uuid.uuid4)
    order_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def lender_auth(self) -> dict[str, str]:
        return bearer(self.lender, Role.PROVIDER)

    @property
    def busy_auth(self) -> dict[str, str]:
        return bearer(self.busy, Role.PROVIDER)

    def accepted(self) -> m.OfferAccepted:
        return m.OfferAccepted(
            offer_id=uuid.uuid4(), job_id=self.job_id, order_id=self.order_id,
            provider_id=self.busy, category=self.cat, units=JOB_UNITS, start=day(1),
            end=day(10), deadline=day(10),
        )  # fmt: skip

    def season(self) -> dict[str, Any]:
        factor = {"county": "jinyun", "village_group": self.village, "factor": "0.6"}
        return {"name": f"tea_picking_{self.cat}", "start": str(day(0)), "end": str(day(20)),
                "factors": [factor]}  # fmt: skip


async def start_tea_season(
    http: httpx.AsyncClient,
    matching: FakeMatching,
    tea: Tea | None = None,
    as_admin: dict[str, str] | None = None,
) -> Tea:
    """Providers and a job over Kafka, the season over HTTP; waits for JobAtRisk."""
    tea = tea or Tea()
    await matching.register(tea.busy, "jinyun", tea.village, tea.cat, BUSY_UNITS)
    await matching.register(tea.lender, "liandu", "Bihu", tea.cat, LENDER_UNITS)
    await matching.publish(tea.accepted(), tea.order_id)
    r = await http.post("/v1/seasons", json=tea.season(), headers=as_admin or admin())
    assert r.status_code == 201, r.text
    (risk,) = await events_of(matching.bootstrap, tea.job_id, "JobAtRisk", 1)
    assert risk["payload"]["late_units"] == 10, risk
    return tea


async def offer_loan(
    http: httpx.AsyncClient, tea: Tea, auth: dict[str, str], units: int = 3
) -> str:
    body = {"category": tea.cat, "start": str(day(0)), "end": str(day(20)), "units_per_day": units}
    r = await http.post("/v1/loans", json=body, headers=auth)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def events_of(
    bootstrap: str, job_id: uuid.UUID, event_type: str, count: int = 1
) -> list[dict[str, Any]]:
    """Waits until `count` events of the type about the job are on balancer.transfers."""

    async def probe() -> list[dict[str, Any]]:
        records = await read_all(bootstrap, TRANSFERS.name)
        events = [orjson.loads(r.value) for r in records if r.key == str(job_id).encode()]
        return [e for e in events if e["type"] == event_type]

    return await eventually(probe, lambda e: len(e) >= count, timeout=30, what=event_type)

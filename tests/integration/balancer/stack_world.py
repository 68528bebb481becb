"""The saga scenarios' stack world: a real balancer process (HTTP, PostgreSQL, Kafka) with
matching faked on Kafka (scenario.FakeMatching)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx

from shared.events import Envelope, Payload, registry
from shared.identity import Role
from shared.kafka.topics import TRANSFERS
from tests.integration.balancer.scenario import FakeMatching, day, start_tea_season
from tests.support.balancer_saga import Cast, P
from tests.support.kafka_io import read_all
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually


@dataclass
class StackWorld:
    http: httpx.AsyncClient
    matching: FakeMatching
    bootstrap: str

    async def tea_season(self) -> Cast:
        tea = await start_tea_season(self.http, self.matching)
        return Cast(tea.cat, tea.busy, tea.lender, tea.job_id, tea.order_id)

    async def another_lender(self, cast: Cast) -> uuid.UUID:
        other = uuid.uuid4()
        await self.matching.register(other, "liandu", "Nanming", cast.cat, 6)
        return other

    async def offer_loan(self, cast: Cast, provider: uuid.UUID) -> uuid.UUID:
        body = {"category": cast.cat, "start": str(day(0)), "end": str(day(20)),
                "units_per_day": 3}  # fmt: skip
        r = await self.http.post("/v1/loans", json=body, headers=bearer(provider, Role.PROVIDER))
        assert r.status_code == 201, r.text
        return uuid.UUID(r.json()["id"])

    async def events(self, cast: Cast, kind: type[P], count: int = 1) -> list[P]:
        async def probe() -> list[P]:
            records = await read_all(self.bootstrap, TRANSFERS.name)
            mine = [r for r in records if r.key == str(cast.job_id).encode()]
            payloads = [registry.decode(Envelope.from_bytes(r.value)) for r in mine]
            return [p for p in payloads if isinstance(p, kind)]

        return await eventually(probe, lambda e: len(e) >= count, timeout=30, what=kind.__name__)

    async def answer(
        self, transfer_id: uuid.UUID, who: uuid.UUID, accept: bool, reason: str = ""
    ) -> int:
        auth = bearer(who, Role.PROVIDER)
        if accept:
            r = await self.http.post(f"/v1/transfers/{transfer_id}/accept", headers=auth)
        else:
            url, body = f"/v1/transfers/{transfer_id}/decline", {"reason": reason}
            r = await self.http.post(url, json=body, headers=auth)
        return r.status_code

    async def matching_says(self, cast: Cast, payload: Payload) -> None:
        await self.matching.publish(payload, cast.order_id)

    async def transfer(self, transfer_id: uuid.UUID) -> dict[str, object]:
        r = await self.http.get(f"/v1/transfers/{transfer_id}", headers=admin())
        assert r.status_code == 200, r.text
        seen = dict(r.json())
        return seen | {"schedule": {d["day"]: d["units"] for d in seen["schedule"]}}

    async def reserved(self, cast: Cast, loan_id: uuid.UUID) -> set[uuid.UUID]:
        loans = (await self.http.get("/v1/loans", headers=admin())).json()
        (loan,) = [x for x in loans if x["id"] == str(loan_id)]
        return {uuid.UUID(r["transfer_id"]) for r in loan["reservations"]}

    async def wait_for(self, transfer_id: uuid.UUID, outcome: str) -> None:
        await eventually(
            lambda: self.transfer(transfer_id), lambda t: t["outcome"] == outcome, what=outcome
        )

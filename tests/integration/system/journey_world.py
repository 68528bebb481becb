"""The order journey's stack world: the real intake and matching processes over HTTP,
with PostgreSQL, Kafka and their outbox relays and consumers between them.

Same questions as tests/unit/journey/memory_world.py, answered by the services' APIs
(and the placements topic), so tests/support/order_journey.py runs unchanged here.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx

from tests.integration.intake.conftest import Office, new_office, order_body
from tests.integration.matching.conftest import broker, placements_for, register
from tests.support.order_journey import CATEGORY, Lot, settled
from tests.support.tokens import admin
from tests.support.waiting import eventually


class StackWorld:
    def __init__(
        self, intake: httpx.AsyncClient, matching: httpx.AsyncClient, bootstrap: str
    ) -> None:
        self.intake, self.matching, self.bootstrap = intake, matching, bootstrap
        self._office: Office | None = None
        self._providers: list[tuple[uuid.UUID, str]] = []

    async def provider(self, category: str, units_per_day: int) -> uuid.UUID:
        provider_id = await register(self.matching, category=category, units=units_per_day)
        self._providers.append((provider_id, category))
        return provider_id

    async def retire(self) -> None:
        """The scenario's providers make nothing once it ends, so the tests after it see
        only the providers they register themselves."""
        for provider_id, category in self._providers:
            r = await self.matching.put(
                f"/v1/providers/{provider_id}/capacity/{category}",
                json={"units_per_day": 0},
                headers=admin(),
            )
            assert r.status_code == 200, r.text

    async def submit(
        self, quantity: int, min_lot: int, materials_ready: date, deadline: date
    ) -> uuid.UUID:
        self._office = office = self._office or await new_office(self.intake)
        body = order_body(
            office,
            category=CATEGORY,
            quantity=quantity,
            min_lot=min_lot,
            materials_ready=str(materials_ready),
            deadline=str(deadline),
        )
        r = await self.intake.post("/v1/orders", json=body, headers=office.headers)
        assert r.status_code == 201, r.text
        return uuid.UUID(r.json()["id"])

    async def offers(self, order_id: uuid.UUID, units: int) -> list[Lot]:
        async def open_offers() -> list[dict[str, Any]]:
            r = await self.matching.get(
                "/v1/offers", params={"order_id": str(order_id)}, headers=admin()
            )
            assert r.status_code == 200, r.text
            return [o for o in r.json() if o["status"] == "open"]

        found = await eventually(
            open_offers, lambda o: sum(x["units"] for x in o) == units, what="offers"
        )
        return [_lot(o) for o in found]

    async def accept(self, offer: Lot) -> Lot:
        r = await self.matching.post(
            f"/v1/offers/{offer.id}/accept", headers=broker(offer.provider_id)
        )
        assert r.status_code == 200, r.text
        return _lot(r.json())

    async def cancel(self, order_id: uuid.UUID, reason: str) -> int:
        assert self._office is not None
        r = await self.intake.post(
            f"/v1/orders/{order_id}/cancel", json={"reason": reason}, headers=self._office.headers
        )
        return r.status_code

    async def decline(self, offer: Lot, reason: str) -> int:
        r = await self.matching.post(
            f"/v1/offers/{offer.id}/decline",
            json={"reason": reason},
            headers=broker(offer.provider_id),
        )
        return r.status_code

    async def progress(self, job: Lot, done: int) -> int:
        r = await self.matching.post(
            f"/v1/jobs/{job.id}/progress",
            json={"units_done": done},
            headers=broker(job.provider_id),
        )
        return r.status_code

    async def deliver(self, job: Lot, good: int, defective: int) -> int:
        r = await self.matching.post(
            f"/v1/jobs/{job.id}/delivery",
            json={"good_units": good, "defective_units": defective},
            headers=broker(job.provider_id),
        )
        return r.status_code

    async def order(
        self, order_id: uuid.UUID, status: str, lots: str | None = None
    ) -> dict[str, Any]:
        assert self._office is not None
        headers = self._office.headers

        async def shown() -> dict[str, Any]:
            r = await self.intake.get(f"/v1/orders/{order_id}", headers=headers)
            assert r.status_code == 200, r.text
            return dict(r.json())

        return await eventually(shown, lambda o: settled(o, status, lots), what=status)

    async def placement_events(self, order_id: uuid.UUID) -> list[str]:
        return [e["type"] for e in await placements_for(self.bootstrap, order_id)]


def _lot(shown: dict[str, Any]) -> Lot:
    return Lot(uuid.UUID(shown["id"]), uuid.UUID(shown["provider_id"]), shown["units"])

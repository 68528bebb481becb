"""The order journey's in-memory world: intake's and matching's own handlers, consumer
maps and the matcher's round on their in-memory units of work, joined by one bus.

Nothing here decides anything: every command goes through the service's handler,
every event through the handler map its consumer uses, and the matcher places orders
with its real round (``matcher.match_pending``) on the fake repositories.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from services.intake.bootstrap import FACTS
from services.intake.handlers import cancel_order, on_matching_fact, submit_order
from services.intake.schemas import OrderCreate
from services.intake.views import public
from services.matching import matcher
from services.matching.consumers import order_handlers
from services.matching.domain import Mode, Provider, Workforce
from services.matching.domain.offer import OfferStatus
from services.matching.handlers.jobs import deliver, report_progress
from services.matching.handlers.offers import accept_offer, decline_offer
from shared.contracts.vocabulary import County, Market
from shared.identity import Principal, Role
from shared.kafka.topics import PLACEMENTS
from shared.service.errors import DomainError
from tests.support.memory import MemoryBus
from tests.support.memory_intake import MemoryIntakeUnitOfWork
from tests.support.memory_matching import MemoryMatchingUnitOfWork
from tests.support.order_journey import CATEGORY, Lot, settled

T = TypeVar("T")
TTL = timedelta(hours=1)
ROUNDS = 20  # a round that places nothing leaves the order pending: fail, not hang


class MemoryWorld:
    def __init__(self) -> None:
        self.bus = MemoryBus()
        self.intake = MemoryIntakeUnitOfWork(self.bus)
        self.matching = MemoryMatchingUnitOfWork(self.bus)
        self.office = uuid.uuid4()
        self.client = uuid.uuid4()
        s = self.intake.state
        s.offices.add(self.office)
        s.categories.add(CATEGORY)
        s.clients[self.client] = self.office
        self.bus.subscribe(
            "intake", {f.event_type: on_matching_fact for f in FACTS}, lambda: self.intake
        )
        self.bus.subscribe("matching", order_handlers(lambda: None), lambda: self.matching)

    async def provider(self, category: str, units_per_day: int) -> uuid.UUID:
        p = Provider(
            id=uuid.uuid4(),
            name="Jinyun knitting workshop",
            county=County.JINYUN,
            township="Hukou",
            village="Xiantang",
            mode=Mode.FACTORY,
            categories={category: units_per_day},
            workforce=Workforce(total=20, low_income=5),
        )
        self.matching.state.providers[p.id] = p
        return p.id

    async def submit(
        self, quantity: int, min_lot: int, materials_ready: date, deadline: date
    ) -> uuid.UUID:
        body = OrderCreate(
            client_id=self.client,
            category=CATEGORY,
            description="Knitted scarves, two colours",
            quantity=quantity,
            unit_fee_cny=Decimal("0.35"),
            materials_ready=materials_ready,
            deadline=deadline,
            origin_market=Market.YIWU,
            min_lot=min_lot,
        )
        who = Principal(self.office, Role.OFFICE)
        order, created = await submit_order(self.intake, who, body, None)
        assert created
        await self._settle()
        return order.id

    async def offers(self, order_id: uuid.UUID, units: int) -> list[Lot]:
        offers = [
            o
            for o in self.matching.state.offers.values()
            if o.order_id == order_id and o.status is OfferStatus.OPEN
        ]
        assert sum(o.units for o in offers) == units, offers
        return [Lot(o.id, o.provider_id, o.units) for o in offers]

    async def accept(self, offer: Lot) -> Lot:
        job = await accept_offer(self.matching, offer.id, offer.provider_id)
        await self._settle()
        return Lot(job.id, job.provider_id, job.units)

    async def cancel(self, order_id: uuid.UUID, reason: str) -> int:
        who = Principal(self.office, Role.OFFICE)
        return await self._status(cancel_order(self.intake, who, order_id, reason))

    async def decline(self, offer: Lot, reason: str) -> int:
        declined = decline_offer(self.matching, offer.id, offer.provider_id, reason)
        status = await self._status(declined)
        return 204 if status == 200 else status  # the route answers 204 No Content

    async def progress(self, job: Lot, done: int) -> int:
        return await self._status(report_progress(self.matching, job.id, job.provider_id, done))

    async def deliver(self, job: Lot, good: int, defective: int) -> int:
        return await self._status(deliver(self.matching, job.id, job.provider_id, good, defective))

    async def order(
        self, order_id: uuid.UUID, status: str, lots: str | None = None
    ) -> dict[str, Any]:
        found = self.intake.state.orders[order_id]
        shown = public(found).model_dump(mode="json")
        assert settled(shown, status, lots), (shown["status"], shown["placements"])
        return shown

    async def placement_events(self, order_id: uuid.UUID) -> list[str]:
        about = [
            p
            for p in self.bus.payloads()
            if p.event_topic == PLACEMENTS and getattr(p, "order_id", None) == order_id
        ]
        return [p.event_type for p in about]

    async def _settle(self) -> None:
        """Deliver everything, run matcher rounds until none settles, deliver again."""
        await self.bus.deliver()
        for _ in range(ROUNDS):
            if not await matcher.match_pending(lambda: self.matching, 50, TTL):
                return
            await self.bus.deliver()
        raise AssertionError(f"orders still pending after {ROUNDS} matcher rounds")

    async def _status(self, command: Awaitable[object]) -> int:
        try:
            await command
        except DomainError as exc:
            return exc.status
        await self._settle()
        return 200

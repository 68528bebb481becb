"""The saga scenarios' in-memory world: the balancer's handlers on MemoryUnitOfWork, matching's
events delivered by the in-memory bus to the balancer's consumer handler map.

After every step that would make the service request a rebalance, the world runs
one (as the rebalancer worker would, within a second, on the real stack).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.balancer.config import BalancerSettings
from services.balancer.domain.capacity.providers import Provider
from services.balancer.domain.capacity.seasons import Season, VillageGroup
from services.balancer.handlers.loans import offer_loan
from services.balancer.handlers.rebalance import rebalance_now
from services.balancer.handlers.transfers import answer_transfer
from services.balancer.schemas import LoanCreate
from shared.contracts import matching as m
from shared.events import Payload
from shared.identity import Principal, Role
from shared.region import clock
from shared.service.errors import DomainError
from tests.support.balancer_saga import Cast, P
from tests.unit.balancer.builders import CAT, TODAY, day
from tests.unit.balancer.memory import MemoryUnitOfWork

NOW = datetime(2025, 3, 31, 4, 0, tzinfo=UTC)  # noon in Lishui on TODAY


class MemoryWorld:
    def __init__(self) -> None:
        self.uow = MemoryUnitOfWork()
        self.settings = BalancerSettings()

    async def tea_season(self) -> Cast:
        cast = Cast(CAT, uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
        calendar = self.uow.state.calendar
        calendar.put_provider(Provider.of(cast.busy, "jinyun", "Hutang", {CAT: 5}))
        calendar.put_provider(Provider.of(cast.lender, "liandu", "Bihu", {CAT: 6}))
        slopes = VillageGroup.of("jinyun", ["Hutang"], "0.6")
        calendar.put_season(Season.of("tea_picking", day(0), day(20), {}, [slopes]))
        job = m.OfferAccepted(
            offer_id=uuid.uuid4(), job_id=cast.job_id, order_id=cast.order_id,
            provider_id=cast.busy, category=CAT, units=40, start=day(1), end=day(10),
            deadline=day(10),
        )  # fmt: skip
        await self.matching_says(cast, job)
        return cast

    async def another_lender(self, cast: Cast) -> uuid.UUID:
        other = uuid.uuid4()
        self.uow.state.calendar.put_provider(Provider.of(other, "liandu", "Nanming", {CAT: 6}))
        return other

    async def offer_loan(self, cast: Cast, provider: uuid.UUID) -> uuid.UUID:
        with clock.frozen_at(NOW):  # the request's dates are checked against this world's today
            body = LoanCreate(category=cast.cat, start=day(0), end=day(20), units_per_day=3)
        loan_id = await offer_loan(self.uow, Principal(provider, Role.PROVIDER), body, TODAY)
        await self._rebalance()
        return loan_id

    async def events(self, cast: Cast, kind: type[P], count: int = 1) -> list[P]:
        found = [
            p
            for p in self.uow.published
            if isinstance(p, kind) and getattr(p, "job_id", None) == cast.job_id
        ]
        assert len(found) >= count, f"{count} {kind.__name__} wanted, {len(found)} published"
        return found

    async def answer(
        self, transfer_id: uuid.UUID, who: uuid.UUID, accept: bool, reason: str = ""
    ) -> int:
        try:
            principal = Principal(who, Role.PROVIDER)
            await answer_transfer(self.uow, principal, transfer_id, accept, reason, NOW)
        except DomainError as exc:
            return exc.status
        await self._rebalance()
        return 200

    async def matching_says(self, cast: Cast, payload: Payload) -> None:
        """Matching commits the event; the bus hands it to the balancer's consumer map."""
        await self.uow.receive(payload)
        await self._rebalance()

    async def transfer(self, transfer_id: uuid.UUID) -> dict[str, object]:
        t = self.uow.state.transfers[transfer_id]
        return {
            "state": t.state.value,
            "outcome": t.outcome.value if t.outcome else None,
            "attempt": t.attempt,
            "new_job_id": str(t.new_job_id) if t.new_job_id else None,
            "schedule": {str(d): u for d, u in t.schedule.items()},
        }

    async def reserved(self, cast: Cast, loan_id: uuid.UUID) -> set[uuid.UUID]:
        return set(self.uow.state.loans[loan_id].reservations)

    async def wait_for(self, transfer_id: uuid.UUID, outcome: str) -> None:
        assert (await self.transfer(transfer_id))["outcome"] == outcome

    async def _rebalance(self) -> None:
        await rebalance_now(self.uow, self.settings, NOW)

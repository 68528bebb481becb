"""The matcher's queue of orders and the terms their jobs follow."""

from __future__ import annotations

import uuid
from dataclasses import replace

from services.matching.adapters.order_queue import OrderQueue
from services.matching.adapters.order_terms import OrderTermsRepository
from services.matching.domain.job import JobStatus
from services.matching.domain.offer import OfferStatus
from services.matching.domain.order import QueuedOrder, QueueState
from services.matching.domain.order_facts import Fact, Terms
from shared.contracts.orders import OrderSubmitted
from tests.support.memory_matching.state import MatchingState, QueueRow


class MemoryQueue(OrderQueue):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def claim_pending(self, batch_size: int) -> list[QueuedOrder]:
        pending = [r.queued for r in self.s.orders.values() if r.state is QueueState.PENDING]
        return pending[:batch_size]

    async def remaining(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        taken: dict[uuid.UUID, int] = {}
        offered = [
            (o.order_id, o.units) for o in self.s.offers.values() if o.status is OfferStatus.OPEN
        ]
        placed = [
            (j.order_id, j.units)
            for j in self.s.jobs.values()
            if j.status is not JobStatus.CANCELLED
        ]
        for order_id, units in offered + placed:
            if order_id in ids:
                taken[order_id] = taken.get(order_id, 0) + units
        return taken

    async def settle(self, ids: list[uuid.UUID]) -> None:
        for order_id in ids:
            self.s.orders[order_id].state = QueueState.SETTLED

    async def park(self, order_id: uuid.UUID, reason: str) -> None:
        self.s.orders[order_id].state = QueueState.PARKED
        self.s.parked_reasons[order_id] = reason

    async def parked(self, limit: int) -> list[tuple[uuid.UUID, str]]:
        ids = [i for i, r in self.s.orders.items() if r.state is QueueState.PARKED]
        return [(i, self.s.parked_reasons.get(i, "")) for i in reversed(ids)][:limit]


class MemoryOrderTerms(OrderTermsRepository):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def known(self, order_id: uuid.UUID) -> Terms | None:
        row = self.s.orders.get(order_id)
        return None if row is None else row.terms

    async def store(self, order_id: uuid.UUID, terms: Terms) -> None:
        row = self.s.orders[order_id]
        row.terms = terms
        row.queued = replace(row.queued, quantity=terms.quantity, deadline=terms.deadline)
        row.state = QueueState.CANCELLED if terms.cancelled else QueueState.PENDING
        self.s.parked_reasons.pop(order_id, None)

    async def park(self, order_id: uuid.UUID, fact: Fact) -> None:
        parked = self.s.parked.setdefault(order_id, [])
        if all(f.stamp.event_id != fact.stamp.event_id for f in parked):
            parked.append(fact)

    async def descriptions(self, order_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
        return {i: self.s.orders[i].description for i in order_ids if i in self.s.orders}

    async def insert_taking_parked(self, p: OrderSubmitted, terms: Terms) -> list[Fact]:
        if p.order_id not in self.s.orders:  # ON CONFLICT DO NOTHING
            queued = QueuedOrder(
                id=p.order_id,
                category=p.category,
                quantity=terms.quantity,
                unit_fee_fen=p.unit_fee_fen,
                materials_ready=p.materials_ready,
                deadline=terms.deadline,
                origin_market=p.origin_market,
                splittable=p.splittable,
                min_lot=p.min_lot,
            )
            state = QueueState.CANCELLED if terms.cancelled else QueueState.PENDING
            row = QueueRow(queued, state, terms, p.defect_tolerance_pct, p.description)
            self.s.orders[p.order_id] = row
        return self.s.parked.pop(p.order_id, [])

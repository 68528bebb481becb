"""Settlement's fact and receivable repositories in memory, for handler tests.

The same rules as the PostgreSQL ones where they matter: a delivery id is kept once
(``add_delivery`` is False for a replay), a receivable once per delivery.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from services.settlement.domain.fees.facts import (
    Accepted,
    Delivery,
    Enterprise,
    OrderTerms,
    Source,
)
from services.settlement.domain.fees.receivable import Receivable
from services.settlement.domain.policy.catalogue import Policies
from tests.support.memory import MemoryBus, MemoryUnitOfWork


@dataclass
class MemoryFacts:
    categories: dict[str, bool] = field(default_factory=dict)
    orders: dict[uuid.UUID, OrderTerms] = field(default_factory=dict)
    enterprises: dict[uuid.UUID, Enterprise] = field(default_factory=dict)
    jobs: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID, int]] = field(default_factory=dict)
    deliveries: dict[uuid.UUID, tuple[Delivery, bool]] = field(default_factory=dict)
    inspected_orders: set[uuid.UUID] = field(default_factory=set)

    async def put_category(self, code: str, machinery: bool) -> None:
        self.categories[code] = machinery

    async def put_order(self, o: OrderTerms) -> None:
        self.orders.setdefault(o.order_id, o)

    async def order(self, order_id: uuid.UUID) -> OrderTerms | None:
        return self.orders.get(order_id)

    async def put_enterprise(self, e: Enterprise) -> None:
        self.enterprises[e.provider_id] = e

    async def enterprise(self, provider_id: uuid.UUID) -> Enterprise | None:
        return self.enterprises.get(provider_id)

    async def put_job(
        self, job_id: uuid.UUID, order_id: uuid.UUID, provider_id: uuid.UUID, units: int
    ) -> None:
        self.jobs.setdefault(job_id, (order_id, provider_id, units))

    async def add_delivery(self, d: Delivery) -> bool:
        if d.delivery_id in self.deliveries:
            return False
        self.deliveries[d.delivery_id] = (d, False)
        return True

    async def unsettled(
        self, *, order_id: uuid.UUID | None = None, provider_id: uuid.UUID | None = None
    ) -> list[Delivery]:
        return [
            d
            for d, settled in self.deliveries.values()
            if not settled
            and (order_id is None or d.order_id == order_id)
            and (provider_id is None or d.provider_id == provider_id)
        ]

    async def claims(self, job_id: uuid.UUID) -> set[uuid.UUID]:
        return {
            i
            for i, (d, _) in self.deliveries.items()
            if d.job_id == job_id and d.source is Source.DELIVERED
        }

    async def mark_settled(self, delivery_id: uuid.UUID) -> None:
        d, _ = self.deliveries[delivery_id]
        self.deliveries[delivery_id] = (d, True)

    async def mark_inspected(self, order_id: uuid.UUID) -> None:
        self.inspected_orders.add(order_id)

    async def inspected(self, order_id: uuid.UUID) -> bool:
        return order_id in self.inspected_orders

    async def accepted(self, job_id: uuid.UUID) -> Accepted:
        so_far = Accepted()
        for d, settled in self.deliveries.values():
            if d.job_id == job_id and d.source is Source.INSPECTED and settled:
                so_far = so_far.plus(d)
        return so_far


@dataclass
class MemoryReceivables:
    rows: dict[uuid.UUID, Receivable] = field(default_factory=dict)

    async def add(self, r: Receivable) -> None:
        self.rows.setdefault(r.delivery_id, replace(r))

    async def units_for_job(self, job_id: uuid.UUID) -> int:
        return sum(r.good_units for r in self.rows.values() if r.job_id == job_id)

    async def of_job(self, job_id: uuid.UUID) -> list[Receivable]:
        return [replace(r) for r in self.rows.values() if r.job_id == job_id]

    async def save_taken_back(self, r: Receivable) -> None:
        self.rows[r.delivery_id] = replace(r)


class MemorySettlementUnitOfWork(MemoryUnitOfWork):
    facts: MemoryFacts
    receivables: MemoryReceivables

    def __init__(self, bus: MemoryBus, policies: Policies) -> None:
        super().__init__(bus, facts=MemoryFacts(), receivables=MemoryReceivables())
        self.policies = policies

"""Intake's unit of work in memory: its repositories' methods on plain domain objects.

It is the shared in-memory seam (tests/support/memory.py: staging, commit, rollback,
the bus) with intake's repositories on one ``IntakeState``, and it is an
IntakeUnitOfWork, so intake's handlers run on it unchanged. Only what the order
journey uses is here; each method keeps the rule its PostgreSQL twin keeps (an
order's version must not have moved, a fact that happened later is reported, another
office's client is not found).
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.intake.adapters.directory import OfficeRepository
from services.intake.adapters.idempotency import IdempotencyKeys, Remembered
from services.intake.adapters.new_order import KeyClaim
from services.intake.adapters.orders import ConcurrentUpdate, OrderRepository
from services.intake.adapters.uow import IntakeUnitOfWork
from services.intake.domain.directory import References
from services.intake.domain.facts import Fact
from services.intake.domain.order import Order
from shared.audit.records import AuditRecord
from tests.support import memory
from tests.support.memory_audit import MemoryAudit


@dataclass
class IntakeState:
    """What intake's schema holds, as domain objects."""

    offices: set[uuid.UUID] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    clients: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # client -> office
    orders: dict[uuid.UUID, Order] = field(default_factory=dict)
    facts: dict[uuid.UUID, list[Fact]] = field(default_factory=dict)
    keys: dict[tuple[uuid.UUID, str], Remembered] = field(default_factory=dict)
    audit: list[AuditRecord] = field(default_factory=list)


class MemoryIntakeUnitOfWork(memory.MemoryUnitOfWork, IntakeUnitOfWork):
    """The shared in-memory unit of work with intake's repositories."""

    def __init__(self, bus: memory.MemoryBus, state: IntakeState | None = None) -> None:
        self.state = s = state or IntakeState()
        memory.MemoryUnitOfWork.__init__(
            self,
            bus,
            orders=MemoryOrders(s),
            offices=MemoryOffices(s),
            idempotency=MemoryIdempotencyKeys(s),
            audit=MemoryAudit(s),
        )

    def _stores(self) -> Mapping[str, object]:
        return {"state": self.state}  # the repositories are views on it


class MemoryOrders(OrderRepository):
    def __init__(self, s: IntakeState) -> None:
        self.s = s

    async def get(self, order_id: uuid.UUID) -> Order | None:
        return copy.deepcopy(self.s.orders.get(order_id))

    async def get_for_update(self, order_id: uuid.UUID) -> Order | None:
        return await self.get(order_id)  # one transaction at a time: nothing to lock

    async def get_for_fact(self, order_id: uuid.UUID) -> Order | None:
        return await self.get(order_id)

    async def add(self, order: Order, claim: KeyClaim | None = None) -> bool:
        if order.id in self.s.orders:
            raise ValueError(f"order {order.id} exists")  # the primary key
        if claim:
            if (order.office_id, claim.key) in self.s.keys:
                return False  # the key is another order's: nothing written
            self.s.keys[(order.office_id, claim.key)] = Remembered(order.id, claim.request_hash)
        order.version = 1
        self._keep(order)
        return True

    async def save(self, order: Order) -> None:
        stored = self.s.orders.get(order.id)
        if stored is None or stored.version != order.version:
            raise ConcurrentUpdate(str(order.id))
        order.version += 1
        self._keep(order)

    def _keep(self, order: Order) -> None:
        """Like the row: terms, status, lots and history; not the events in flight."""
        kept = copy.deepcopy(order)
        kept.events.clear()
        kept.new_history.clear()
        order.new_history.clear()
        self.s.orders[order.id] = kept

    async def record_fact(self, order_id: uuid.UUID, fact: Fact) -> bool:
        known = self.s.facts.setdefault(order_id, [])
        if all(f.event_id != fact.event_id for f in known):  # ON CONFLICT DO NOTHING
            known.append(fact)
        return any(f.sort_key > fact.sort_key for f in known)

    async def facts_of(self, order_id: uuid.UUID) -> list[Fact]:
        return list(self.s.facts.get(order_id, []))


class MemoryOffices(OfficeRepository):
    def __init__(self, s: IntakeState) -> None:
        self.s = s

    async def references(
        self, office_id: uuid.UUID, category: str, client_id: uuid.UUID
    ) -> References:
        return References(
            office_id in self.s.offices,
            category in self.s.categories,
            self.s.clients.get(client_id) == office_id,
        )


class MemoryIdempotencyKeys(IdempotencyKeys):
    def __init__(self, s: IntakeState) -> None:
        self.s = s

    async def find(self, office_id: uuid.UUID, key: str) -> Remembered | None:
        return self.s.keys.get((office_id, key))

"""Fulfilment's unit of work in memory: its orders and lots as domain objects, so the
consumer handlers (services/fulfilment/handlers/facts.py) run unchanged, in milliseconds.

Consignments are not here: the handlers that use them are covered on the real stack
(tests/integration/fulfilment).
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.fulfilment.adapters.lots import LotRepository
from services.fulfilment.adapters.orders import OrderRepository
from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.domain.lot import Lot
from services.fulfilment.domain.order import OrderMaterials
from tests.support import memory


@dataclass
class FulfilmentState:
    orders: dict[uuid.UUID, OrderMaterials] = field(default_factory=dict)
    lots: dict[uuid.UUID, Lot] = field(default_factory=dict)
    counties: dict[uuid.UUID, str] = field(default_factory=dict)


class MemoryFulfilmentUnitOfWork(memory.MemoryUnitOfWork, FulfilmentUnitOfWork):
    def __init__(self, bus: memory.MemoryBus, state: FulfilmentState | None = None) -> None:
        self.state = s = state or FulfilmentState()
        memory.MemoryUnitOfWork.__init__(self, bus, orders=MemoryOrders(s), lots=MemoryLots(s))

    def _stores(self) -> Mapping[str, object]:
        return {"state": self.state}


class MemoryOrders(OrderRepository):
    def __init__(self, s: FulfilmentState) -> None:
        self.s = s

    async def get(self, order_id: uuid.UUID, *, lock: bool = False) -> OrderMaterials | None:
        return copy.deepcopy(self.s.orders.get(order_id))

    async def add(self, o: OrderMaterials) -> bool:
        if o.order_id in self.s.orders:
            return False
        self.s.orders[o.order_id] = copy.deepcopy(o)
        return True

    async def save(self, o: OrderMaterials) -> None:
        self.s.orders[o.order_id] = copy.deepcopy(o)


class MemoryLots(LotRepository):
    def __init__(self, s: FulfilmentState) -> None:
        self.s = s

    async def get(self, job_id: uuid.UUID, *, lock: bool = False) -> Lot | None:
        return copy.deepcopy(self.s.lots.get(job_id))

    async def of_order(self, order_id: uuid.UUID, *, lock: bool = False) -> list[Lot]:
        found = [lot for lot in self.s.lots.values() if lot.order_id == order_id]
        return copy.deepcopy(sorted(found, key=lambda lot: lot.job_id))

    async def add(self, lot: Lot) -> bool:
        if lot.job_id in self.s.lots:
            return False
        await self.save(lot)
        return True

    async def save(self, lot: Lot) -> None:
        kept = copy.deepcopy(lot)
        kept.events.clear()
        self.s.lots[lot.job_id] = kept

    async def locate(self, provider_id: uuid.UUID, county: str) -> None:
        self.s.counties[provider_id] = county

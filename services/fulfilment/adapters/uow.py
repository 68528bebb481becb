"""Fulfilment's unit of work: one transaction, with its repositories built on its session."""

from __future__ import annotations

from typing import Self

from services.fulfilment.adapters.consignments import ConsignmentRepository
from services.fulfilment.adapters.lots import LotRepository
from services.fulfilment.adapters.orders import OrderRepository
from shared.db.unit_of_work import UnitOfWork


class FulfilmentUnitOfWork(UnitOfWork):
    """``async with uow:`` then ``uow.orders``, ``uow.lots``, ``uow.consignments``;
    ``uow.publish(payload)``; ``uow.commit()``. The inbox consumer opens one too, so
    consumer handlers see the same repositories."""

    orders: OrderRepository
    lots: LotRepository
    consignments: ConsignmentRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        s = self.session
        self.orders = OrderRepository(s)
        self.lots = LotRepository(s)
        self.consignments = ConsignmentRepository(s)
        return self

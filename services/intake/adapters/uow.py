"""Intake's unit of work: one transaction, with its repositories built on its session."""

from __future__ import annotations

from typing import Self

from services.intake.adapters.directory import (
    CategoryRepository,
    ClientRepository,
    OfficeRepository,
)
from services.intake.adapters.idempotency import IdempotencyKeys
from services.intake.adapters.orders import OrderRepository
from services.intake.adapters.tables import audit_records
from shared.audit.repository import AuditRepository
from shared.db.unit_of_work import UnitOfWork


class IntakeUnitOfWork(UnitOfWork):
    """``async with uow:`` then ``uow.orders``, ``uow.offices``, ``uow.clients``,
    ``uow.categories``, ``uow.idempotency``, ``uow.audit``; ``uow.publish(payload)``;
    ``uow.commit()``."""

    orders: OrderRepository
    offices: OfficeRepository
    clients: ClientRepository
    categories: CategoryRepository
    idempotency: IdempotencyKeys
    audit: AuditRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        s = self.session
        self.orders = OrderRepository(s)
        self.offices = OfficeRepository(s)
        self.clients = ClientRepository(s)
        self.categories = CategoryRepository(s)
        self.idempotency = IdempotencyKeys(s)
        self.audit = AuditRepository(s, audit_records)
        return self

    async def rollback(self) -> None:
        """Undo everything written so far in this block (events staged since are kept)."""
        await self.session.rollback()

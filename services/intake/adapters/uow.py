"""Intake's unit of work: one transaction, with its repositories built on its session."""

from __future__ import annotations

from typing import Any, Self

from services.intake.adapters.directory import (
    CategoryRepository,
    ClientRepository,
    OfficeRepository,
)
from services.intake.adapters.idempotency import IdempotencyKeys
from services.intake.adapters.orders import OrderRepository
from services.intake.adapters.tables import audit_records
from shared.audit.records import AuditRecord
from shared.audit.repository import AuditRepository
from shared.db.unit_of_work import UnitOfWork


class StagedAudit(AuditRepository):
    """Audit records wait for the block's write: a new order takes them into its one
    statement (``adapters/new_order.py``); whatever is left is inserted at commit."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._staged: list[AuditRecord] = []

    async def add(self, record: AuditRecord) -> None:
        self._staged.append(record)

    def take(self) -> list[AuditRecord]:
        taken, self._staged = self._staged, []
        return taken

    async def flush(self) -> None:
        for record in self.take():
            await super().add(record)


class IntakeUnitOfWork(UnitOfWork):
    """``async with uow:`` then ``uow.orders``, ``uow.offices``, ``uow.clients``,
    ``uow.categories``, ``uow.idempotency``, ``uow.audit``; ``uow.publish(payload)``;
    ``uow.commit()``."""

    orders: OrderRepository
    offices: OfficeRepository
    clients: ClientRepository
    categories: CategoryRepository
    idempotency: IdempotencyKeys
    audit: StagedAudit

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        s = self.session
        self.audit = StagedAudit(s, audit_records)
        self.orders = OrderRepository(s, self._staged_for_new_order)
        self.offices = OfficeRepository(s)
        self.clients = ClientRepository(s)
        self.categories = CategoryRepository(s)
        self.idempotency = IdempotencyKeys(s)
        return self

    def _staged_for_new_order(self) -> tuple[list[AuditRecord], list[dict[str, Any]]]:
        return self.audit.take(), self.take_staged_rows()

    async def commit(self) -> None:
        await self.audit.flush()
        await super().commit()

"""Proposals nobody answered in time: expired, compensated (loan released), re-planned."""

from __future__ import annotations

from datetime import datetime

from services.balancer.adapters import transfers_repo
from services.balancer.handlers import saga
from shared.db.unit_of_work import UnitOfWork


async def expire_due(uow: UnitOfWork, now: datetime, batch: int = 100) -> int:
    """Expires up to `batch` overdue proposals in one transaction; returns how many."""
    async with uow:
        due = await transfers_repo.due_for_expiry(uow.session, now, batch)
        for transfer_id in due:
            rec = await transfers_repo.get(uow.session, transfer_id)
            assert rec is not None  # locked by the query above
            await saga.expire(uow, rec, now)
        await uow.commit()
        return len(due)

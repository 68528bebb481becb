"""The counties' freight budget (issue 19): read it, replace it, read what it bought."""

from __future__ import annotations

from datetime import datetime

from services.matching.adapters.budget_repo import BatchRecord
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain.budget_policy import CountyBudgets, FreightBudget


async def current(uow: MatchingUnitOfWork, fallback: FreightBudget) -> CountyBudgets:
    async with uow:
        return await uow.budget.current(fallback)


async def replace(uow: MatchingUnitOfWork, budgets: CountyBudgets) -> CountyBudgets:
    """The next matcher round uses it (each round reads the setting once)."""
    async with uow:
        await uow.budget.replace(budgets)
        await uow.commit()
    return budgets


async def batches(uow: MatchingUnitOfWork, limit: int, since: datetime | None) -> list[BatchRecord]:
    async with uow:
        return await uow.budget.batches(limit, since)

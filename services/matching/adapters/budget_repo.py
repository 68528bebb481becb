"""The counties' freight budgets and the per-batch record of what they bought (``uow.budget``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters.tables import budget_batches, freight_budgets
from services.matching.domain.budget_policy import CountyBudgets, FreightBudget
from services.matching.domain.freight_budget import PriorityOutcome
from services.matching.domain.vocabulary import County

REGION = "region"  # the scope of the region's default row


@dataclass(frozen=True)
class BatchRecord:
    """One solved batch: the budget, both plans' transport and the low-income fee gained."""

    id: int
    recorded_at: datetime
    category: str
    basis_points: int
    transport_limit_millifen: int
    cost_only_transport_millifen: int
    plan_transport_millifen: int
    cost_only_low_income_fee_fen: int
    low_income_fee_gained_fen: int
    units_placed: int
    weight: int
    solves: int


def record_values(category: str, o: PriorityOutcome) -> dict[str, object]:
    return {
        "category": category,
        "basis_points": o.basis_points,
        "transport_limit_millifen": o.transport_limit,
        "cost_only_transport_millifen": o.cost_only.transport_millifen,
        "plan_transport_millifen": o.plan.transport_millifen,
        "cost_only_low_income_fee_fen": o.cost_only.low_income_fee_fen,
        "low_income_fee_gained_fen": o.low_income_fee_gained_fen,
        "units_placed": o.plan.placed,
        "weight": o.weight,
        "solves": o.solves,
    }


class BudgetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self, fallback: FreightBudget) -> CountyBudgets:
        """The stored setting; `fallback` (the service's setting) where none is stored."""
        rows = (await self._session.execute(sa.select(freight_budgets))).all()
        stored = {r.scope: FreightBudget(r.basis_points) for r in rows}
        return CountyBudgets(
            default=stored.pop(REGION, fallback),
            counties={County(scope): b for scope, b in stored.items()},
        )

    async def replace(self, budgets: CountyBudgets) -> None:
        """The whole setting at once: counties not named fall back to the default."""
        await self._session.execute(sa.delete(freight_budgets))
        rows = [{"scope": REGION, "basis_points": budgets.default.basis_points}]
        rows += [
            {"scope": c.value, "basis_points": b.basis_points} for c, b in budgets.counties.items()
        ]
        await self._session.execute(sa.insert(freight_budgets), rows)

    async def record(self, category: str, outcome: PriorityOutcome) -> None:
        await self._session.execute(
            sa.insert(budget_batches).values(**record_values(category, outcome))
        )

    async def batches(self, limit: int, since: datetime | None = None) -> list[BatchRecord]:
        """The newest first."""
        q = sa.select(budget_batches).order_by(budget_batches.c.id.desc()).limit(limit)
        if since is not None:
            q = q.where(budget_batches.c.recorded_at >= since)
        return [BatchRecord(**r._mapping) for r in await self._session.execute(q)]

"""The county freight budgets and the record of what each batch bought."""

from __future__ import annotations

from datetime import datetime

from services.matching.adapters.budget_repo import BatchRecord, BudgetRepository, record_values
from services.matching.domain.freight_budget import CountyBudgets, FreightBudget, PriorityOutcome
from shared.region import clock
from tests.support.memory_matching.state import MatchingState


class MemoryBudget(BudgetRepository):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def current(self, fallback: FreightBudget) -> CountyBudgets:
        return self.s.budgets or CountyBudgets(default=fallback)

    async def replace(self, budgets: CountyBudgets) -> None:
        self.s.budgets = budgets

    async def record(self, category: str, outcome: PriorityOutcome) -> None:
        at = clock.now()
        values = record_values(category, outcome)
        self.s.batches.append(BatchRecord(len(self.s.batches) + 1, at, **values))  # type: ignore[arg-type]

    async def batches(self, limit: int, since: datetime | None = None) -> list[BatchRecord]:
        kept = [b for b in self.s.batches if since is None or b.recorded_at >= since]
        return kept[::-1][:limit]

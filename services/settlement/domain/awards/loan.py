"""A loan an enterprise registers for the interest subsidy; an admin checks it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.settlement.domain.errors import IllegalTransition


class LoanState(StrEnum):
    REGISTERED = "registered"
    CHECKED = "checked"
    REJECTED = "rejected"


@dataclass
class SubsidisedLoan:
    loan_id: uuid.UUID
    provider_id: uuid.UUID
    principal_fen: int
    start: date
    months: int
    state: LoanState = LoanState.REGISTERED

    def check(self, accept: bool) -> None:
        if self.state is not LoanState.REGISTERED:
            raise IllegalTransition(f"the loan was already {self.state.value}")
        self.state = LoanState.CHECKED if accept else LoanState.REJECTED

    def months_in(self, year: int) -> int:
        """Months of the loan that fall in ``year`` (a month counts where it starts)."""
        first = self.start.year * 12 + self.start.month - 1
        months = range(first, first + self.months)
        return sum(1 for m in months if m // 12 == year)

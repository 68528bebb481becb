"""A processing enterprise (加工点) as the matcher sees it.

Only the facts that decide where work goes: location (for transport), what it
makes and how much per day, who works there (low-income priority) and how it
has delivered so far (reliability).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from services.matching.domain.vocabulary import CategoryCode, County, Mode


@dataclass(frozen=True)
class Workforce:
    total: int
    low_income: int = 0
    reservoir_migrants: int = 0
    relocated_farmers: int = 0
    disabled: int = 0

    def __post_init__(self) -> None:
        groups = (self.low_income, self.reservoir_migrants, self.relocated_farmers, self.disabled)
        if self.total < 0 or any(g < 0 or g > self.total for g in groups):
            raise ValueError("workforce counts must be >= 0 and each group <= total")


@dataclass(frozen=True)
class OnTimeHistory:
    delivered_jobs: int = 0
    late_jobs: int = 0
    # Quality, from fulfilment's inspections: lots inspected (first inspection of each)
    # and of them rejected for rework. Zero where offices do not inspect through procnet.
    inspected_lots: int = 0
    rejected_lots: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.late_jobs <= self.delivered_jobs:
            raise ValueError("late_jobs must be between 0 and delivered_jobs")
        if not 0 <= self.rejected_lots <= self.inspected_lots:
            raise ValueError("rejected_lots must be between 0 and inspected_lots")

    def __add__(self, other: "OnTimeHistory") -> "OnTimeHistory":
        return OnTimeHistory(
            self.delivered_jobs + other.delivered_jobs,
            self.late_jobs + other.late_jobs,
            self.inspected_lots + other.inspected_lots,
            self.rejected_lots + other.rejected_lots,
        )


@dataclass(frozen=True)
class Provider:
    id: UUID
    name: str
    county: County
    township: str
    village: str
    mode: Mode
    categories: Mapping[CategoryCode, int] = field(hash=False)
    workforce: Workforce
    auto_accept: bool = False
    history: OnTimeHistory = OnTimeHistory()
    broker_name: str = ""  # who runs it and how to reach them: shown, never matched on
    contact: str = ""

    def __post_init__(self) -> None:
        if any(units < 0 for units in self.categories.values()):
            raise ValueError("base units/day must be >= 0")

    def makes(self, category: CategoryCode) -> bool:
        return self.categories.get(category, 0) > 0

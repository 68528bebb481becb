"""What the matcher decided: per order, the lots given to providers and what is left over.

A lot carries its per-day schedule so the service can hold exactly those units
on exactly those days, and its cost so results can be compared with the optimum.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID


class ShortfallReason(StrEnum):
    NO_PROVIDER_FOR_CATEGORY = "no provider for the category"
    NOT_ENOUGH_CAPACITY = "not enough capacity before the deadline"
    NO_SINGLE_PROVIDER = "no single provider can take the whole order before the deadline"
    DEADLINE_PASSED = "the deadline has passed: no production day is left before it"
    BEYOND_HORIZON = "the materials are ready more than a year ahead: matching plans no further"


class Method(StrEnum):
    """Which algorithm produced a placement (for metrics and for tests)."""

    GREEDY = "greedy"
    MIN_COST_FLOW = "min_cost_flow"
    REPAIRED_FLOW = "repaired_flow"
    CP_SAT = "cp_sat"


@dataclass(frozen=True)
class Lot:
    provider_id: UUID
    schedule: Mapping[date, int] = field(hash=False)
    cost: int

    @property
    def units(self) -> int:
        return sum(self.schedule.values())

    @property
    def start_day(self) -> date:
        return min(self.schedule)

    @property
    def end_day(self) -> date:
        return max(self.schedule)


@dataclass(frozen=True)
class Placement:
    order_id: UUID
    lots: tuple[Lot, ...]
    shortfall: int
    reason: ShortfallReason | None
    method: Method

    @property
    def placed(self) -> int:
        return sum(lot.units for lot in self.lots)

    @property
    def cost(self) -> int:
        return sum(lot.cost for lot in self.lots)


@dataclass(frozen=True)
class BatchResult:
    placements: tuple[Placement, ...]

    def for_order(self, order_id: UUID) -> Placement:
        return next(p for p in self.placements if p.order_id == order_id)

    @property
    def total_cost(self) -> int:
        return sum(p.cost for p in self.placements)

    @property
    def total_shortfall(self) -> int:
        return sum(p.shortfall for p in self.placements)

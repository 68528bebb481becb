"""A rebalancing plan: which units of which job go to which lender on which days."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.balancer.domain.loans.slots import LenderSlot
from services.balancer.domain.rebalance.problem import Demand, lend_window, unit_cost


@dataclass(frozen=True)
class PlannedTransfer:
    job_id: UUID
    from_provider: UUID
    to_provider: UUID
    category: str
    loan_id: UUID | None
    schedule: tuple[tuple[date, int], ...]
    unit_cost_fen: int
    # The days the lender may make the units: not before the order's materials reach it,
    # back home by the deadline. Known when planned; not stored (checked at proposal).
    window: tuple[date, date] | None = None

    @property
    def units(self) -> int:
        return sum(units for _, units in self.schedule)

    @property
    def transport_cost_fen(self) -> int:
        return self.units * self.unit_cost_fen


@dataclass(frozen=True)
class RebalancePlan:
    transfers: tuple[PlannedTransfer, ...]
    late_units: int
    late_by_job: Mapping[UUID, int]
    method: str

    @property
    def transport_cost_fen(self) -> int:
        return sum(t.transport_cost_fen for t in self.transfers)

    def moved_by_job(self) -> dict[UUID, int]:
        moved: dict[UUID, int] = {}
        for t in self.transfers:
            moved[t.job_id] = moved.get(t.job_id, 0) + t.units
        return moved


Move = tuple[Demand, LenderSlot, int]


def assemble_transfers(moves: Iterable[Move]) -> tuple[PlannedTransfer, ...]:
    """One transfer per (job, lender, loan), its days in order."""
    grouped: dict[tuple[UUID, UUID, UUID | None], dict[date, int]] = {}
    first: dict[tuple[UUID, UUID, UUID | None], Move] = {}
    for demand, slot, units in moves:
        key = (demand.job_id, slot.provider_id, slot.loan_id)
        first.setdefault(key, (demand, slot, units))
        schedule = grouped.setdefault(key, {})
        schedule[slot.day] = schedule.get(slot.day, 0) + units
    return tuple(_transfer(first[key], grouped[key]) for key in sorted(grouped, key=str))


def _transfer(move: Move, schedule: dict[date, int]) -> PlannedTransfer:
    demand, slot, _ = move
    return PlannedTransfer(
        demand.job_id,
        demand.provider_id,
        slot.provider_id,
        demand.category,
        slot.loan_id,
        tuple(sorted(schedule.items())),
        unit_cost(demand, slot),
        lend_window(demand, slot),
    )

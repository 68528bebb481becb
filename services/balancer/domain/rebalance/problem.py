"""The rebalancing problem as plain data: who must make what, and which days can serve it.

Units moved to a lender travel: materials arrive `transit` days after today (or
after the day the order's materials reached the owning broker, else the job's
start), and finished pieces need `transit` days to come back to the owning
broker before the deadline. A lender day serves a job only inside that window,
only for the same category, and never for the job's own provider.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from uuid import UUID

from services.balancer.domain.loans.slots import LenderSlot
from services.balancer.domain.region import transit_days, transport_fen_per_unit
from shared.region import County


@dataclass(frozen=True)
class Demand:
    """A job's remaining units at its provider (release = max(start, today)).

    `movable_from` is the earliest day its units can leave for a lender (the
    order's materials at home, not before today) when earlier than `release`.
    """

    job_id: UUID
    provider_id: UUID
    county: County
    category: str
    units: int
    release: date
    deadline: date
    movable_from: date | None = None

    @property
    def lend_release(self) -> date:
        return min(self.release, self.movable_from or self.release)


@dataclass(frozen=True)
class OwnSlot:
    provider_id: UUID
    category: str
    day: date
    units: int


@dataclass(frozen=True)
class RebalanceProblem:
    today: date
    demands: tuple[Demand, ...]
    own: tuple[OwnSlot, ...]
    lenders: tuple[LenderSlot, ...]
    # (job, lender) pairs never to plan: the lender declined or let a proposal expire.
    refused: frozenset[tuple[UUID, UUID]] = frozenset()

    def may_serve(self, demand: "Demand", slot: LenderSlot) -> bool:
        """On time, and not a lender that already said no to this job."""
        refused = (demand.job_id, slot.provider_id) in self.refused
        return not refused and serves_on_time(demand, slot)

    @cached_property
    def own_slots(self) -> dict[tuple[UUID, str], list[int]]:
        """Indices into `own` by (provider, category)."""
        index: dict[tuple[UUID, str], list[int]] = {}
        for i, slot in enumerate(self.own):
            index.setdefault((slot.provider_id, slot.category), []).append(i)
        return index

    @cached_property
    def lender_slots(self) -> dict[str, list[int]]:
        """Indices into `lenders` by category."""
        index: dict[str, list[int]] = {}
        for i, slot in enumerate(self.lenders):
            index.setdefault(slot.category, []).append(i)
        return index

    def own_capacity(self, provider_id: UUID, category: str) -> dict[date, int]:
        indices = self.own_slots.get((provider_id, category), [])
        return {self.own[i].day: self.own[i].units for i in indices}

    def horizon(self) -> date:
        return max([self.today, *(d.deadline for d in self.demands)])


def serves_on_time(demand: Demand, slot: LenderSlot) -> bool:
    """Can units of `demand` made on `slot` reach the broker by the deadline?"""
    if slot.category != demand.category or slot.provider_id == demand.provider_id:
        return False
    first, last = lend_window(demand, slot)
    return first <= slot.day <= last


def lend_window(demand: Demand, slot: LenderSlot) -> tuple[date, date]:
    """The lender's days for `demand`: from its materials' arrival to the last day home in time."""
    transit = timedelta(days=transit_days(demand.county, slot.county))
    return demand.lend_release + transit, demand.deadline - transit


def serves_at_home(demand: Demand, slot: OwnSlot) -> bool:
    return (
        slot.provider_id == demand.provider_id
        and slot.category == demand.category
        and demand.release <= slot.day <= demand.deadline
    )


def unit_cost(demand: Demand, slot: LenderSlot) -> int:
    return transport_fen_per_unit(demand.county, slot.county)

"""What matching's schema holds, as domain objects, and the capacity ledger's update."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from services.matching.adapters.budget_repo import BatchRecord
from services.matching.adapters.calendars import DayUse
from services.matching.domain import CategoryCode, Provider
from services.matching.domain.freight_budget import CountyBudgets
from services.matching.domain.job import Job
from services.matching.domain.offer import Offer
from services.matching.domain.order import QueuedOrder, QueueState
from services.matching.domain.order_facts import Fact, Terms
from shared.audit.records import AuditRecord

Schedule = dict[date, int]
DayKey = tuple[uuid.UUID, CategoryCode, date]


@dataclass
class QueueRow:
    """Matching's row of an order: what the matcher places and the terms jobs follow."""

    queued: QueuedOrder
    state: QueueState
    terms: Terms
    defect_tolerance_pct: Decimal
    description: str = ""


@dataclass
class MatchingState:
    """What matching's schema holds, as domain objects."""

    providers: dict[uuid.UUID, Provider] = field(default_factory=dict)
    orders: dict[uuid.UUID, QueueRow] = field(default_factory=dict)  # in submission order
    parked: dict[uuid.UUID, list[Fact]] = field(default_factory=dict)
    parked_reasons: dict[uuid.UUID, str] = field(default_factory=dict)  # the matcher's
    audit: list[AuditRecord] = field(default_factory=list)
    days: dict[DayKey, DayUse] = field(default_factory=dict)  # the capacity ledger
    offers: dict[uuid.UUID, Offer] = field(default_factory=dict)
    jobs: dict[uuid.UUID, Job] = field(default_factory=dict)
    budgets: CountyBudgets | None = None  # None: the service's setting
    batches: list[BatchRecord] = field(default_factory=list)


def shift(
    s: MatchingState,
    pid: uuid.UUID,
    cat: CategoryCode,
    schedule: Schedule,
    held: int = 0,
    booked: int = 0,
) -> None:
    """The ledger's conditional update; the CHECK (0 <= held, booked; sum <= capacity)."""
    for day, units in schedule.items():
        use = s.days.get((pid, cat, day))
        if use is None:
            continue  # the UPDATE matches no row
        new = replace(use, held=use.held + held * units, booked=use.booked + booked * units)
        if min(new.held, new.booked) < 0 or new.held + new.booked > new.capacity:
            raise AssertionError(f"capacity_days CHECK violated on {day}: {new}")
        s.days[(pid, cat, day)] = new

"""An order as it reaches the matcher: what, how many, between which dates, from where.

Money is integer fen. `min_lot` is the smallest share one provider may get
unless that share is the whole order; `splittable=False` means one provider
takes everything or nothing. `not_before` is the first day work may be
scheduled at all (the matcher gives today's Lishui date): no production day is
ever planned in the past, whatever the materials date says.

Nor is a day planned more than ``PLANNING_HORIZON`` after ``not_before``: a
deadline further out (9999-12-31 once made the matcher compute every day up to
it and block its event loop) is planned only up to the horizon. Intake refuses
such deadlines now, but old orders, amendments and replays still carry them. The
order keeps its deadline (the job's, for lateness); work planned within the
horizon is on time anyway, so nothing placeable is lost.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

from services.matching.domain.vocabulary import CategoryCode, Market

PLANNING_HORIZON = timedelta(days=366)


def planning_horizon(today: date) -> date:
    """The last day matching plans work on, asked on ``today``."""
    return today + PLANNING_HORIZON


@dataclass(frozen=True)
class OrderToPlace:
    order_id: UUID
    category: CategoryCode
    quantity: int
    materials_ready: date
    deadline: date
    origin_market: Market
    unit_fee_fen: int
    splittable: bool = True
    min_lot: int = 1
    not_before: date | None = None

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError("quantity must be > 0")
        if self.min_lot < 1:
            raise ValueError("min_lot must be >= 1")
        if self.deadline < self.materials_ready:
            raise ValueError("deadline is before materials are ready")
        if not isinstance(self.unit_fee_fen, int) or self.unit_fee_fen < 0:
            raise ValueError("unit_fee_fen must be a non-negative integer (fen)")

    @property
    def deadline_passed(self) -> bool:
        """Too late to make anything: the deadline is before the first day work may start."""
        return self.not_before is not None and self.deadline < self.not_before

    @property
    def plan_until(self) -> date:
        """The last day worth planning: the deadline, or the horizon if that comes first."""
        if self.not_before is None:
            return self.deadline
        return min(self.deadline, planning_horizon(self.not_before))

    @property
    def beyond_horizon(self) -> bool:
        """The materials are ready only after the horizon: nothing can be planned yet."""
        return self.materials_ready > self.plan_until

    @property
    def smallest_lot(self) -> int:
        """Smallest allowed lot: min_lot, or the whole order if that is smaller."""
        return self.quantity if not self.splittable else min(self.min_lot, self.quantity)


class QueueState(StrEnum):
    """Where an order stands with the matcher."""

    PENDING = "pending"  # waits for the matcher (new, amended, or units came back)
    SETTLED = "settled"  # every unit offered, placed or reported unmatched
    CANCELLED = "cancelled"  # final
    PARKED = "parked"  # set aside with a reason (domain/guard.py); an amendment retries it


def batch_days(batch: list[OrderToPlace], today: date) -> tuple[date, date]:
    """The days a batch's calendars cover: from today or the earliest materials to the
    latest day any order plans (never past the horizon, whatever the deadlines say)."""
    first = max(today, min(o.materials_ready for o in batch))
    return first, max(first, min(max(o.plan_until for o in batch), planning_horizon(today)))


@dataclass(frozen=True)
class QueuedOrder:
    """An order as the matcher's queue holds it: its terms and who must not get it again."""

    id: UUID
    category: CategoryCode
    quantity: int
    unit_fee_fen: int
    materials_ready: date
    deadline: date
    origin_market: Market
    splittable: bool
    min_lot: int
    excluded_providers: frozenset[UUID] = frozenset()

    def to_place(self, quantity: int, today: date) -> OrderToPlace:
        """What is still to place of it, never on a day before `today`."""
        return OrderToPlace(
            order_id=self.id,
            category=self.category,
            quantity=quantity,
            materials_ready=self.materials_ready,
            deadline=self.deadline,
            origin_market=self.origin_market,
            unit_fee_fen=self.unit_fee_fen,
            splittable=self.splittable,
            min_lot=self.min_lot,
            not_before=today,
        )

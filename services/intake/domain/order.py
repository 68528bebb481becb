"""The order aggregate: what a liaison office asked for and where it stands.

Commands from the office (``submit``, ``cancel``, ``amend``) raise when the
order cannot honour them and record the events to publish. Facts from matching
(``apply_*`` in ``progress.py``) update placements and move the status.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from services.intake.domain.errors import IllegalTransition, InvalidOrder, OrderRuleBroken
from services.intake.domain.placements import Placement
from services.intake.domain.status import BEFORE_PRODUCTION, CANCELLABLE, OrderStatus, allowed
from shared.contracts.orders import (
    OrderAmended,
    OrderAmendedV2,
    OrderCancelled,
    OrderCancelledV2,
    OrderSubmitted,
    SuppliedMaterial,
)
from shared.events import Payload
from shared.region import clock

# What caused a change: the event (id, type) it came from or published
Cause = tuple[uuid.UUID | None, str]


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    from_status: OrderStatus | None
    to_status: OrderStatus
    reason: str
    cause_event_id: uuid.UUID | None = None
    cause_type: str | None = None


@dataclass
class OrderTerms:
    client_id: uuid.UUID
    category: str
    description: str
    quantity: int
    unit_fee_fen: int
    materials_ready: date
    deadline: date
    origin_market: str
    splittable: bool
    min_lot: int
    quality_requirements: str = ""
    defect_tolerance_pct: Decimal = Decimal("0")
    materials: tuple[SuppliedMaterial, ...] = ()


@dataclass
class Order:
    id: uuid.UUID
    office_id: uuid.UUID
    terms: OrderTerms
    status: OrderStatus
    created_at: datetime
    placements: dict[uuid.UUID, Placement] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    events: list[Payload] = field(default_factory=list)
    new_history: list[HistoryEntry] = field(default_factory=list)
    version: int = 0  # the stored row's, for optimistic locking (the repository's business)
    sequence: int = 1  # the office's own changes: 1 submitted, +1 per amendment or cancellation
    # Derived from fulfilment's facts (domain/progress.py), not stored: fulfilment reported
    # on the order, and its latest inspection said every lot passed.
    inspected: bool = False
    inspection_passed: bool = False

    @classmethod
    def submit(
        cls,
        order_id: uuid.UUID,
        office_id: uuid.UUID,
        terms: OrderTerms,
        *,
        today: date | None = None,
    ) -> Order:
        """``today`` is the Lishui date (the region's clock unless a test gives one)."""
        check_terms(terms)
        check_not_past(terms.deadline, today or clock.today())
        order = cls(order_id, office_id, terms, OrderStatus.SUBMITTED, clock.now())
        order._record(
            None, OrderStatus.SUBMITTED, "submitted by the liaison office", _by(OrderSubmitted)
        )
        order.events.append(_submitted(order))
        return order

    def cancel(self, reason: str) -> None:
        if self.status not in CANCELLABLE:
            raise OrderRuleBroken(f"cannot cancel an order that is {self.status}")
        self.sequence += 1
        self.move_to(
            OrderStatus.CANCELLED, f"cancelled by the office: {reason}", _by(OrderCancelled)
        )
        self.events.append(
            OrderCancelledV2(order_id=self.id, reason=reason, sequence=self.sequence)
        )

    def amend(self, *, quantity: int | None, deadline: date | None, today: date) -> None:
        if self.status not in BEFORE_PRODUCTION:
            raise OrderRuleBroken(f"cannot amend an order that is {self.status}")
        new_qty = quantity if quantity is not None else self.terms.quantity
        new_deadline = deadline if deadline is not None else self.terms.deadline
        if new_qty < self.placed_units:
            raise OrderRuleBroken(
                f"{self.placed_units} units are already placed; quantity cannot go below"
            )
        if new_deadline != self.terms.deadline:
            check_not_past(new_deadline, today)
        previous = (self.terms.quantity, self.terms.deadline)
        check_terms(replace(self.terms, quantity=new_qty, deadline=new_deadline))
        self.terms.quantity, self.terms.deadline = new_qty, new_deadline
        self.sequence += 1
        self.note(_amendment(previous, (new_qty, new_deadline)), _by(OrderAmended))
        self.events.append(
            OrderAmendedV2(
                order_id=self.id,
                quantity=new_qty,
                deadline=new_deadline,
                previous_quantity=previous[0],
                previous_deadline=previous[1],
                sequence=self.sequence,
            )
        )

    @property
    def placed_units(self) -> int:
        return sum(p.units for p in self.placements.values() if p.holds_units)

    def move_to(self, new: OrderStatus, reason: str, cause: Cause | None = None) -> None:
        if new == self.status:
            return
        if not allowed(self.status, new):
            raise IllegalTransition(f"an order cannot go from {self.status} to {new}")
        self._record(self.status, new, reason, cause)
        self.status = new

    def published_as(self, event_type: str, event_id: uuid.UUID) -> None:
        """The office's change recorded as caused by ``event_type`` was published with this
        id: keep the id in its history line, as facts from matching keep theirs."""
        fresh = {
            id(h): replace(h, cause_event_id=event_id)
            for h in self.new_history  # only lines not stored yet
            if h.cause_event_id is None and h.cause_type == event_type
        }
        self.new_history[:] = [fresh.get(id(h), h) for h in self.new_history]
        self.history[:] = [fresh.get(id(h), h) for h in self.history]

    def note(self, reason: str, cause: Cause | None = None) -> None:
        """Keep a change the office sees that leaves the status as it is (a lot declined,
        a delivery, an amendment), with its cause."""
        self._record(self.status, self.status, reason, cause)

    def correct_status(self, new: OrderStatus, reason: str, cause: Cause | None = None) -> None:
        """Set a status re-derived from every fact (see ``facts.py``). No transition rule
        applies: the facts say where the order stands, whatever a late arrival made it
        look like before."""
        self._record(self.status, new, reason, cause)
        self.status = new

    def _record(
        self,
        old: OrderStatus | None,
        new: OrderStatus,
        reason: str,
        cause: Cause | None = None,
    ) -> None:
        entry = HistoryEntry(clock.now(), old, new, reason, *(cause or (None, None)))
        self.history.append(entry)
        self.new_history.append(entry)


def check_terms(t: OrderTerms) -> None:
    if t.quantity <= 0:
        raise InvalidOrder("quantity", "must be a positive number of units")
    if t.deadline <= t.materials_ready:
        raise InvalidOrder("deadline", "must be after the materials-ready date")
    if t.min_lot > t.quantity:
        raise InvalidOrder("min_lot", "cannot exceed the quantity")


def _by(event: type[Payload]) -> tuple[None, str]:
    """The cause of a change the office made: the event it published (its id is the
    envelope's, given at publishing)."""
    return (None, event.event_type)


def _amendment(old: tuple[int, date], new: tuple[int, date]) -> str:
    changes = [
        f"{what} {a} -> {b}"
        for what, a, b in (("quantity", old[0], new[0]), ("deadline", old[1], new[1]))
        if a != b
    ]
    return "amended by the office: " + (", ".join(changes) or "no change")


# Orders are planned day by day up to their deadline; a year covers every season the
# trade plans for, and a far-off date (9999-12-31) would make the matcher plan for ever.
HORIZON_DAYS = 366


def check_not_past(deadline: date, today: date) -> None:
    """A deadline before today (the Lishui date) can never be met: nothing is made in the
    past; one more than a year ahead is a typing mistake, not a plan."""
    if deadline < today:
        raise InvalidOrder(
            "deadline",
            f"{deadline.isoformat()} is in the past (today is {today.isoformat()} in Lishui); "
            "give a deadline of today or later",
        )
    if (deadline - today).days > HORIZON_DAYS:
        raise InvalidOrder(
            "deadline",
            f"{deadline.isoformat()} is more than a year ahead (today is {today.isoformat()} "
            "in Lishui); orders are taken at most a year before they are due",
        )


def _submitted(order: Order) -> OrderSubmitted:
    t = order.terms
    return OrderSubmitted(
        order_id=order.id,
        office_id=order.office_id,
        client_id=t.client_id,
        category=t.category,
        description=t.description,
        quantity=t.quantity,
        unit_fee_fen=t.unit_fee_fen,
        materials_ready=t.materials_ready,
        deadline=t.deadline,
        origin_market=t.origin_market,
        splittable=t.splittable,
        min_lot=t.min_lot,
        quality_requirements=t.quality_requirements,
        defect_tolerance_pct=t.defect_tolerance_pct,
        materials=t.materials,
    )

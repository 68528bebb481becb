"""Matching's facts about an order, applied in the order they happened, whatever their arrival.

Kafka keeps one order's events in order, but a replay, a restore or a second
producer may not. Every fact is kept with the moment it happened; a fact that
arrives after a later one was applied makes the order re-derive its lots and
status from all its facts in the order they happened. So the result never
depends on delivery order: it always equals delivery in order.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from services.intake.domain.order import Order
from services.intake.domain.progress import Cause, apply_fact
from services.intake.domain.status import OrderStatus
from shared.contracts import fulfilment as ff
from shared.contracts import matching as m
from shared.events import Payload

# Facts stamped in the same microsecond: an offer comes before its answer, an
# answer before the work on the job, the work before its delivery, the delivery
# before the job's end. By event type, so every version of a fact ranks alike.
RANK: dict[str, int] = {
    t.event_type: rank
    for t, rank in (
        (m.JobOffered, 0),
        (m.OfferAccepted, 1),
        (m.OfferDeclined, 1),
        (m.OfferExpired, 1),
        (m.OfferWithdrawn, 1),
        (m.OrderUnmatched, 2),
        (m.JobSplit, 3),
        (m.JobProgressReported, 4),
        (m.JobDelivered, 5),
        (m.JobCancelled, 6),
        (ff.ConsignmentDispatched, 0),
        (ff.InspectionRecorded, 7),
        (ff.ReworkRequested, 8),
    )
}

FULFILMENT_FACTS = (
    ff.ConsignmentDispatched.event_type,
    ff.InspectionRecorded.event_type,
    ff.ReworkRequested.event_type,
)


@dataclass(frozen=True)
class Fact:
    event_id: uuid.UUID
    occurred_at: datetime
    payload: Payload

    @property
    def rank(self) -> int:
        return RANK.get(self.payload.event_type, len(RANK))

    @property
    def sort_key(self) -> tuple[datetime, int, uuid.UUID]:
        return (self.occurred_at, self.rank, self.event_id)

    @property
    def cause(self) -> Cause:
        return (self.event_id, self.payload.event_type)


def apply_late(order: Order, facts: Iterable[Fact], late: Fact) -> None:
    """``late`` arrived after a fact that happened later; ``facts`` are all kept, ``late``
    included. Re-derive from them, unless the order has lots from before facts were kept:
    their history is not here to replay, so the late fact is applied as it comes."""
    ordered = sorted(facts, key=lambda f: f.sort_key)
    if _lots_without_facts(order, ordered):
        apply_fact(order, late.payload, late.cause)
    else:
        rederive(order, ordered, late.cause)


def inspection_of(order: Order, facts: Iterable[Fact]) -> None:
    """Set what fulfilment's facts say of the order (the repository calls this on load)."""
    for f in sorted(facts, key=lambda f: f.sort_key):
        order.inspected = True
        if isinstance(f.payload, ff.InspectionRecorded):
            order.inspection_passed = f.payload.order_accepted


def rederive(order: Order, facts: Iterable[Fact], cause: Cause) -> None:
    """Lots and status from scratch: every fact again, in the order they happened.

    Only a cancellation (the office's own command) survives from the current status;
    the rest of the status always follows from matching's facts.
    """
    start = OrderStatus.CANCELLED if order.status == OrderStatus.CANCELLED else None
    fresh = Order(
        order.id,
        order.office_id,
        order.terms,
        start or OrderStatus.SUBMITTED,
        order.created_at,
    )
    for f in sorted(facts, key=lambda f: f.sort_key):
        apply_fact(fresh, f.payload, f.cause)
    order.placements = fresh.placements
    for line in fresh.history:  # what the late fact itself changed, kept as it happened
        if (line.cause_event_id, line.cause_type) == cause:
            order.note(line.reason, cause)
    if fresh.status != order.status:
        order.correct_status(fresh.status, "re-derived: a fact from matching arrived late", cause)


def _lots_without_facts(order: Order, facts: list[Fact]) -> bool:
    """Lots no kept fact created (an offer or a split names each lot it creates)."""
    created = {
        lot
        for f in facts
        for lot in (getattr(f.payload, "offer_id", None), getattr(f.payload, "new_job_id", None))
        if lot is not None
    }
    return any(k not in created for k in order.placements)

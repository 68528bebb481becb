"""Apply what matching reports about an order: offers, answers, production, deliveries.

Facts are never refused (they already happened); a fact that arrives after the
order is closed (say an acceptance racing a cancellation) updates the lots but
leaves the status alone. Every fact leaves one line in the order's history, with
its cause: a status change, or a note of what changed for the office (a decline,
a re-offer, a delivery, a lot cancelled, units moved to another provider).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from services.intake.domain.order import Order
from services.intake.domain.placements import LotState, Placement
from services.intake.domain.status import OrderStatus, allowed
from shared.contracts import fulfilment as ff
from shared.contracts import matching as m
from shared.events import Payload

S = OrderStatus
Cause = tuple[uuid.UUID, str]


def apply_fact(order: Order, fact: Payload, cause: Cause) -> None:
    # by event type, so a newer version of a fact (a subclass) is applied like its first
    handler = _APPLY.get(fact.event_type)
    if handler is not None:
        handler(order, fact, cause)


def _offered(order: Order, f: m.JobOffered, cause: Cause) -> None:
    # A lot already there was rebuilt from its answer, which came first: keep the answer.
    again = any(p.state in RETRIED for p in order.placements.values())
    order.placements.setdefault(
        f.offer_id, Placement(f.offer_id, f.provider_id, f.units, LotState.OFFERED)
    )
    what = "re-offered" if again else "offered"
    _settle(order, f"lot of {f.units} units {what} to provider {f.provider_id}", cause)


def _accepted(order: Order, f: m.OfferAccepted, cause: Cause) -> None:
    p = _lot(order, f.offer_id, f.provider_id, f.units)
    p.state, p.job_id, p.units = LotState.ACCEPTED, f.job_id, f.units
    _settle(order, f"provider {f.provider_id} accepted {f.units} units", cause)


def _declined(order: Order, f: m.OfferDeclined, cause: Cause) -> None:
    _lot(order, f.offer_id, f.provider_id, f.units).state = LotState.DECLINED
    why = f" ({f.reason})" if f.reason else ""
    _settle(order, f"provider {f.provider_id} declined {f.units} units{why}; re-matching", cause)


def _expired(order: Order, f: m.OfferExpired, cause: Cause) -> None:
    _lot(order, f.offer_id, f.provider_id, f.units).state = LotState.EXPIRED
    _settle(order, f"offer of {f.units} units expired unanswered; re-matching", cause)


def _withdrawn(order: Order, f: m.OfferWithdrawn, cause: Cause) -> None:
    _lot(order, f.offer_id, f.provider_id, f.units).state = LotState.WITHDRAWN
    _settle(order, f"offer of {f.units} units withdrawn: {f.reason}", cause)


def _unmatched(order: Order, f: m.OrderUnmatched, cause: Cause) -> None:
    why = f"{f.shortfall_units} units could not be placed: {f.reason}"
    if order.placed_units == 0 and not _open_offers(order):
        _happened(order, why, cause, S.UNMATCHED)
    else:
        _settle(order, why, cause)


def _progress(order: Order, f: m.JobProgressReported, cause: Cause) -> None:
    lot = _job(order, f.job_id)
    if lot is not None:
        # a report cannot undo units already delivered
        lot.units_done = max(f.units_done, lot.good_units + lot.defective_units)
        if lot.state in (LotState.ACCEPTED, LotState.OFFERED):
            lot.state = LotState.IN_PRODUCTION
    _happened(order, f"{f.units_done}/{f.units_total} units done", cause, S.IN_PRODUCTION)


def _delivered(order: Order, f: m.JobDelivered, cause: Cause) -> None:
    """A delivery of a job, one of possibly several (v2 says which is final and carries the
    job's totals; a v1 delivery was the job's only one)."""
    lot = _job(order, f.job_id)
    flagged = getattr(f, "over_tolerance", None)
    if flagged is None:  # v1 does not say: judge by the order's tolerance
        flagged = _over(f.good_units, f.defective_units, order.terms.defect_tolerance_pct)
    final = getattr(f, "final", None)
    if lot is not None:
        _add_delivery(lot, f, flagged=flagged)
        if final is None:  # v1: final once the lot's units are accounted for
            final = lot.good_units + lot.defective_units >= lot.units
        lot.state = LotState.DELIVERED if final else LotState.PARTLY_DELIVERED
    final = True if final is None else final
    note = _delivery_note(f, lot, final, flagged)
    done = _all_delivered(order)
    if done and order.inspected and not order.inspection_passed:
        _happened(
            order, f"{note}; every lot delivered, awaiting inspection", cause, S.IN_PRODUCTION
        )
        return
    if done and order.status == S.IN_PRODUCTION:
        _happened(order, f"{note}; every lot delivered", cause, S.DELIVERED)
        return
    _happened(order, note, cause, S.IN_PRODUCTION)
    if done:
        _happened(order, "every lot delivered", cause, S.DELIVERED, note=False)


def _all_delivered(order: Order) -> bool:
    active = [p for p in order.placements.values() if p.holds_units]
    return order.placed_units >= order.terms.quantity and all(
        p.state == LotState.DELIVERED for p in active
    )


# Fulfilment's facts. An order is under inspection once fulfilment reports on it (its
# office shipped the materials through fulfilment, or inspected the goods): from then on
# it is DELIVERED only when every lot is delivered AND fulfilment says every lot passed
# inspection. Orders fulfilment never reports on are delivered as before.


def _dispatched(order: Order, f: ff.ConsignmentDispatched, cause: Cause) -> None:
    order.inspected = True
    lots = len({line.job_id for line in f.lines} | set(f.units))
    if f.direction is ff.Direction.OUT:
        what = f"materials dispatched to {lots} lot(s) by {f.carrier} on {f.shipped_on}"
    else:
        what = f"{sum(f.units.values())} finished units sent back by {f.carrier} on {f.shipped_on}"
    _happened(order, what, cause)


def _inspected(order: Order, f: ff.InspectionRecorded, cause: Cause) -> None:
    order.inspected, order.inspection_passed = True, f.order_accepted
    what = (
        f"inspection {f.round} of provider {f.provider_id}'s lot: {f.defective} defective of "
        f"{f.inspected}, {f.decision.value.replace('_', ' ')}"
    )
    if f.reason:
        what += f" ({f.reason})"
    if f.order_accepted and _all_delivered(order) and order.status == S.IN_PRODUCTION:
        _happened(order, f"{what}; every lot accepted", cause, S.DELIVERED)
    else:
        _happened(order, what + ("; lot accepted" if f.lot_accepted else ""), cause)


def _rework(order: Order, f: ff.ReworkRequested, cause: Cause) -> None:
    order.inspected = True
    _happened(order, f"{f.units} units sent back for rework, due {f.due}: {f.reason}", cause)


def _add_delivery(lot: Placement, f: m.JobDelivered, *, flagged: bool) -> None:
    total_good = getattr(f, "total_good_units", None)
    total_defective = getattr(f, "total_defective_units", None)
    if total_good is not None and total_defective is not None:
        lot.good_units, lot.defective_units = total_good, total_defective  # the job's own sums
    else:
        lot.good_units += f.good_units
        lot.defective_units += f.defective_units
    # units delivered were made, whatever the last progress report said
    lot.units_done = max(lot.units_done, lot.good_units + lot.defective_units)
    lot.over_tolerance = lot.over_tolerance or flagged


def _delivery_note(f: m.JobDelivered, lot: Placement | None, final: bool, flagged: bool) -> str:
    what = f"delivery of {f.good_units} good and {f.defective_units} defective units"
    if lot is not None and not final:
        what += f" (partial: {lot.good_units + lot.defective_units} of {lot.units} so far)"
    if flagged:
        what += "; defects over the order's tolerance"
    if f.late:
        what += "; late"
    return what


def _over(good: int, defective: int, tolerance_pct: Decimal) -> bool:
    delivered = good + defective
    return delivered > 0 and Decimal(defective) * 100 > tolerance_pct * delivered


def _cancelled(order: Order, f: m.JobCancelled, cause: Cause) -> None:
    """The job ended with its order: units already made stay as owed work, the rest is
    released."""
    lot = _job(order, f.job_id)
    if lot is not None:
        lot.units, lot.state = f.units_kept, LotState.CANCELLED
    kept = f", {f.units_kept} units made are kept as owed work" if f.units_kept else ""
    reason = f"lot of provider {f.provider_id} cancelled ({f.reason}): "
    _settle(order, f"{reason}{f.units_released} units released{kept}", cause)


def _split(order: Order, f: m.JobSplit, cause: Cause) -> None:
    source = _job(order, f.job_id)
    if source is not None:
        source.units -= f.units
        if source.units == 0:
            source.state = LotState.MOVED
    order.placements[f.new_job_id] = Placement(
        f.new_job_id, f.to_provider_id, f.units, LotState.ACCEPTED, job_id=f.new_job_id
    )
    reason = (
        f"{f.units} units moved from provider {f.from_provider_id} to provider "
        f"{f.to_provider_id} (transfer {f.transfer_id})"
    )
    _happened(order, reason, cause)


_APPLY: dict[str, Callable[[Order, Any, Cause], None]] = {
    m.JobOffered.event_type: _offered,
    m.OfferAccepted.event_type: _accepted,
    m.OfferDeclined.event_type: _declined,
    m.OfferExpired.event_type: _expired,
    m.OfferWithdrawn.event_type: _withdrawn,
    m.OrderUnmatched.event_type: _unmatched,
    m.JobProgressReported.event_type: _progress,
    m.JobDelivered.event_type: _delivered,
    m.JobSplit.event_type: _split,
    m.JobCancelled.event_type: _cancelled,
    ff.ConsignmentDispatched.event_type: _dispatched,
    ff.InspectionRecorded.event_type: _inspected,
    ff.ReworkRequested.event_type: _rework,
}
RETRIED = frozenset({LotState.DECLINED, LotState.EXPIRED, LotState.WITHDRAWN})


def _settle(order: Order, reason: str, cause: Cause) -> None:
    """Derive the placing status from the lots: placed, partly placed or still matching."""
    placed = order.placed_units
    target: OrderStatus | None = None
    if placed >= order.terms.quantity:
        target = S.PLACED
    elif placed > 0:
        target = S.PARTIALLY_PLACED
    elif _open_offers(order) or order.status == S.SUBMITTED:
        target = S.MATCHING
    _happened(order, reason, cause, target)


def _happened(
    order: Order,
    reason: str,
    cause: Cause,
    target: OrderStatus | None = None,
    *,
    note: bool = True,
) -> None:
    """One history line for the fact: the status change it makes, else (``note``) a note."""
    if target is not None and target != order.status and allowed(order.status, target):
        order.move_to(target, reason, cause)
    elif note:
        order.note(reason, cause)


def _open_offers(order: Order) -> bool:
    return any(p.state == LotState.OFFERED for p in order.placements.values())


def _lot(order: Order, offer_id: uuid.UUID, provider_id: uuid.UUID, units: int) -> Placement:
    if offer_id not in order.placements:  # the offer event was lost to us: rebuild the lot
        order.placements[offer_id] = Placement(offer_id, provider_id, units, LotState.OFFERED)
    return order.placements[offer_id]


def _job(order: Order, job_id: uuid.UUID) -> Placement | None:
    return next((p for p in order.placements.values() if p.job_id == job_id), None)

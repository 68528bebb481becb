"""Apply what matching reports about an order: offers, acceptances, production, delivery.

Facts are never refused (they already happened); a fact that arrives after the
order is closed (say an acceptance racing a cancellation) updates the placements
but leaves the status alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from services.intake.domain.order import Order
from services.intake.domain.placements import LotState, Placement
from services.intake.domain.status import OrderStatus, allowed
from shared.contracts import matching as m
from shared.events import Payload

S = OrderStatus
Cause = tuple[uuid.UUID, str]


def apply_fact(order: Order, fact: Payload, cause: Cause) -> None:
    handler = _APPLY.get(type(fact))
    if handler is not None:
        handler(order, fact, cause)


def _offered(order: Order, f: m.JobOffered, cause: Cause) -> None:
    # A lot already there was rebuilt from its answer, which came first: keep the answer.
    order.placements.setdefault(
        f.offer_id, Placement(f.offer_id, f.provider_id, f.units, LotState.OFFERED)
    )
    _settle(order, f"lot of {f.units} offered to a provider", cause)


def _accepted(order: Order, f: m.OfferAccepted, cause: Cause) -> None:
    p = _lot(order, f.offer_id, f.provider_id, f.units)
    p.state, p.job_id, p.units = LotState.ACCEPTED, f.job_id, f.units
    _settle(order, f"provider accepted {f.units} units", cause)


def _declined(order: Order, f: m.OfferDeclined, cause: Cause) -> None:
    _lot(order, f.offer_id, f.provider_id, f.units).state = LotState.DECLINED
    _settle(order, f"provider declined {f.units} units; re-matching", cause)


def _expired(order: Order, f: m.OfferExpired, cause: Cause) -> None:
    _lot(order, f.offer_id, f.provider_id, f.units).state = LotState.EXPIRED
    _settle(order, f"offer of {f.units} units expired; re-matching", cause)


def _withdrawn(order: Order, f: m.OfferWithdrawn, cause: Cause) -> None:
    _lot(order, f.offer_id, f.provider_id, f.units).state = LotState.WITHDRAWN
    _settle(order, f"offer of {f.units} units withdrawn: {f.reason}", cause)


def _unmatched(order: Order, f: m.OrderUnmatched, cause: Cause) -> None:
    why = f"{f.shortfall_units} units could not be placed: {f.reason}"
    if order.placed_units == 0 and not _open_offers(order):
        _move_if_allowed(order, S.UNMATCHED, why, cause)
    else:
        _settle(order, why, cause)


def _progress(order: Order, f: m.JobProgressReported, cause: Cause) -> None:
    lot = _job(order, f.job_id)
    if lot is not None:
        lot.units_done, lot.state = f.units_done, LotState.IN_PRODUCTION
    _move_if_allowed(order, S.IN_PRODUCTION, f"{f.units_done}/{f.units_total} units done", cause)


def _delivered(order: Order, f: m.JobDelivered, cause: Cause) -> None:
    lot = _job(order, f.job_id)
    if lot is not None:
        lot.state, lot.good_units, lot.defective_units = (
            LotState.DELIVERED,
            f.good_units,
            f.defective_units,
        )
    _move_if_allowed(order, S.IN_PRODUCTION, "delivery reported", cause)
    active = [p for p in order.placements.values() if p.holds_units]
    if order.placed_units >= order.terms.quantity and all(
        p.state == LotState.DELIVERED for p in active
    ):
        _move_if_allowed(order, S.DELIVERED, "every lot delivered", cause)


def _split(order: Order, f: m.JobSplit, cause: Cause) -> None:
    source = _job(order, f.job_id)
    if source is not None:
        source.units -= f.units
        if source.units == 0:
            source.state = LotState.MOVED
    order.placements[f.new_job_id] = Placement(
        f.new_job_id, f.to_provider_id, f.units, LotState.ACCEPTED, job_id=f.new_job_id
    )


_APPLY: dict[type[Payload], Callable[[Order, Any, Cause], None]] = {
    m.JobOffered: _offered,
    m.OfferAccepted: _accepted,
    m.OfferDeclined: _declined,
    m.OfferExpired: _expired,
    m.OfferWithdrawn: _withdrawn,
    m.OrderUnmatched: _unmatched,
    m.JobProgressReported: _progress,
    m.JobDelivered: _delivered,
    m.JobSplit: _split,
}


def _settle(order: Order, reason: str, cause: Cause) -> None:
    """Derive the placing status from the lots: placed, partly placed or still matching."""
    placed = order.placed_units
    if placed >= order.terms.quantity:
        target = S.PLACED
    elif placed > 0:
        target = S.PARTIALLY_PLACED
    elif _open_offers(order) or order.status == S.SUBMITTED:
        target = S.MATCHING
    else:
        return
    _move_if_allowed(order, target, reason, cause)


def _move_if_allowed(order: Order, target: OrderStatus, reason: str, cause: Cause) -> None:
    if target != order.status and allowed(order.status, target):
        order.move_to(target, reason, cause)


def _open_offers(order: Order) -> bool:
    return any(p.state == LotState.OFFERED for p in order.placements.values())


def _lot(order: Order, offer_id: uuid.UUID, provider_id: uuid.UUID, units: int) -> Placement:
    if offer_id not in order.placements:  # the offer event was lost to us: rebuild the lot
        order.placements[offer_id] = Placement(offer_id, provider_id, units, LotState.OFFERED)
    return order.placements[offer_id]


def _job(order: Order, job_id: uuid.UUID) -> Placement | None:
    return next((p for p in order.placements.values() if p.job_id == job_id), None)

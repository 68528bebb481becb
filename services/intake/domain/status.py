"""An order's lifecycle; the only way a status changes is through ``allowed``."""

from __future__ import annotations

from enum import StrEnum


class OrderStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    MATCHING = "MATCHING"
    PARTIALLY_PLACED = "PARTIALLY_PLACED"
    PLACED = "PLACED"
    IN_PRODUCTION = "IN_PRODUCTION"
    DELIVERED = "DELIVERED"
    UNMATCHED = "UNMATCHED"
    CANCELLED = "CANCELLED"


S = OrderStatus
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.SUBMITTED: frozenset({S.MATCHING, S.PARTIALLY_PLACED, S.PLACED, S.UNMATCHED, S.CANCELLED}),
    S.MATCHING: frozenset({S.PARTIALLY_PLACED, S.PLACED, S.UNMATCHED, S.CANCELLED}),
    S.PARTIALLY_PLACED: frozenset({S.MATCHING, S.PLACED, S.IN_PRODUCTION, S.CANCELLED}),
    S.PLACED: frozenset({S.PARTIALLY_PLACED, S.MATCHING, S.IN_PRODUCTION, S.CANCELLED}),
    S.IN_PRODUCTION: frozenset({S.DELIVERED, S.CANCELLED}),
    S.UNMATCHED: frozenset({S.MATCHING, S.PARTIALLY_PLACED, S.PLACED, S.CANCELLED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Production has not started: the client may still amend.
BEFORE_PRODUCTION = frozenset({S.SUBMITTED, S.MATCHING, S.PARTIALLY_PLACED, S.PLACED, S.UNMATCHED})
# The client may cancel until the goods are delivered: as the trade does, units already
# made stay owed work (matching's JobCancelled keeps them), the rest is released.
CANCELLABLE = BEFORE_PRODUCTION | {S.IN_PRODUCTION}


def allowed(current: OrderStatus, new: OrderStatus) -> bool:
    return new in TRANSITIONS[current]

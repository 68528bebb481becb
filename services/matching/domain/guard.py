"""The matcher guards itself against a bad row already stored (issue 17).

Intake bounds what an office may ask (dates within the request window, quantities up
to ``MAX_UNITS``), but rows stored before those bounds, replays and hand-made rows
still reach the matcher's queue. One such order must not stall the batch it is
claimed with: ``check`` names what is wrong with it before it is planned, and the
matcher parks it (``QueueState.PARKED``, with the reason) and places the others. An
order whose placement raises all the same is parked with ``ParkReason.FAILED``.
An amendment with sound terms puts a parked order back in the queue.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from services.matching.domain.order import QueuedOrder
from shared.region.window import DAYS_AHEAD, DAYS_BACK

MAX_UNITS = 10_000_000  # intake's bound on an order's quantity and its smallest lot
MAX_UNIT_FEE_FEN = 100_000_000  # a million yuan a unit: anything above is no real fee


class ParkReason(StrEnum):
    """Why the matcher set an order aside; the text reaches the office (OrderUnmatched)."""

    QUANTITY = "the stored quantity or smallest lot is out of bounds: the matcher set it aside"
    FEE = "the stored unit fee is out of bounds: the matcher set it aside"
    DATES = (
        "a stored date is outside the window of one year back to two years ahead:"
        " the matcher set it aside"
    )
    TERMS = "the stored deadline is before the materials are ready: the matcher set it aside"
    FAILED = "the matcher could not place this order and set it aside for an operator"


def check(order: QueuedOrder, today: date) -> ParkReason | None:
    """What makes ``order`` unfit to plan on ``today``, or None when it is sound."""
    if not (0 < order.quantity <= MAX_UNITS and 0 < order.min_lot <= MAX_UNITS):
        return ParkReason.QUANTITY
    if not 0 <= order.unit_fee_fen <= MAX_UNIT_FEE_FEN:
        return ParkReason.FEE
    first, last = today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)
    if not all(first <= d <= last for d in (order.materials_ready, order.deadline)):
        return ParkReason.DATES
    if order.deadline < order.materials_ready:
        return ParkReason.TERMS
    return None

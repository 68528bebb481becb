"""The public open-work board (the case's "processing information" zone): orders still
looking for enterprises, shown to anyone as product, a quantity band, the market the
materials come from and the deadline. Never the client, the office, the exact quantity or
the fee: those are the office's business."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.intake.domain.status import OrderStatus

# Work an enterprise could still take: not yet (fully) placed, not started, not closed.
OPEN_STATUSES = frozenset(
    {
        OrderStatus.SUBMITTED,
        OrderStatus.MATCHING,
        OrderStatus.PARTIALLY_PLACED,
        OrderStatus.UNMATCHED,
    }
)
MAX_PAGE = 100  # rows one public request may ask for


class QuantityBand(StrEnum):
    """How big the work is, coarse enough not to identify an order."""

    UNDER_500 = "under_500"
    FROM_500 = "500_to_1999"
    FROM_2000 = "2000_to_9999"
    FROM_10000 = "10000_or_more"


def band_of(quantity: int) -> QuantityBand:
    if quantity < 500:
        return QuantityBand.UNDER_500
    if quantity < 2000:
        return QuantityBand.FROM_500
    if quantity < 10_000:
        return QuantityBand.FROM_2000
    return QuantityBand.FROM_10000


@dataclass(frozen=True)
class OpenWork:
    """One line of the board; ``quantity`` is only ever shown as its band."""

    category: str
    quantity: int
    market: str
    deadline: date

    @property
    def band(self) -> QuantityBand:
        return band_of(self.quantity)

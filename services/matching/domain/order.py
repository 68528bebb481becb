"""An order as it reaches the matcher: what, how many, between which dates, from where.

Money is integer fen. `min_lot` is the smallest share one provider may get
unless that share is the whole order; `splittable=False` means one provider
takes everything or nothing.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.matching.domain.vocabulary import Category, Market


@dataclass(frozen=True)
class OrderToPlace:
    order_id: UUID
    category: Category
    quantity: int
    materials_ready: date
    deadline: date
    origin_market: Market
    unit_fee_fen: int
    splittable: bool = True
    min_lot: int = 1

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
    def smallest_lot(self) -> int:
        """Smallest allowed lot: min_lot, or the whole order if that is smaller."""
        return self.quantity if not self.splittable else min(self.min_lot, self.quantity)

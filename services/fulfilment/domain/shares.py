"""A lot's share of its order's materials: per piece x the lot's units, rounded up per line.

An order lists its materials as totals for the quantity it was submitted with
(intake: "glass beads 4mm, 60 kg" for 1,000 pieces), so the per-piece basis is
that total over that quantity, fixed at submission: an amendment or a split
changes a lot's units, and its share follows them. Each line is rounded UP at
its own precision (60 kg -> whole kg, 12.5 m -> tenths of a metre): a lot is
never sent less than it needs, so the lots' shares may add up to a little more
than the order's total, never less.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

# intake accepts at most 3 decimals per material quantity
MAX_PLACES = 3


@dataclass(frozen=True)
class MaterialLine:
    """One line of an order's supplied materials: ``quantity`` for ``basis_units`` pieces."""

    item: str
    unit: str
    quantity: Decimal
    basis_units: int

    def share(self, lot_units: int) -> Decimal:
        return lot_share(self.quantity, self.basis_units, lot_units)


def places(quantity: Decimal) -> int:
    """The decimals the line was given with (0 for 60 or 6E+1), at most ``MAX_PLACES``."""
    exponent = quantity.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return min(max(-exponent, 0), MAX_PLACES)


def lot_share(total: Decimal, basis_units: int, lot_units: int) -> Decimal:
    """``total`` x ``lot_units`` / ``basis_units``, rounded up at the line's precision."""
    if basis_units <= 0:
        raise ValueError("an order's basis must be a positive number of units")
    if lot_units <= 0:
        return Decimal(0)
    p = places(total)
    # in integer steps of the line's precision, so the ceiling is exact
    steps = int((total.scaleb(p)).to_integral_value(rounding=ROUND_CEILING))
    return Decimal(-(-steps * lot_units // basis_units)).scaleb(-p)

"""Report arithmetic, kept pure so it is unit-tested: percentiles, shares and on-time rates."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None when empty."""
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError("p must be within 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def share(part: int, whole: int) -> Fraction | None:
    """Exact share of integer amounts (fen, units); None when the whole is zero."""
    return Fraction(part, whole) if whole else None


def order_on_time(finishes: Iterable[tuple[date, date]]) -> bool:
    """An order is on time when every job's (finish, deadline) pair has finish <= deadline."""
    pairs = list(finishes)
    return bool(pairs) and all(f <= d for f, d in pairs)


def pct(value: Fraction | float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{float(value) * 100:.{digits}f}%"


@dataclass(frozen=True)
class Tally:
    """`part` of `whole` counted things, so a share always comes with what it is a share of."""

    part: int
    whole: int

    @property
    def share(self) -> Fraction | None:
        return share(self.part, self.whole)

    def text(self, noun: str) -> str:
        """'42 of 97 jobs (43.3%)'; 'none of 0 jobs' when there is nothing to count."""
        if not self.whole:
            return f"no {noun} to count"
        return f"{self.part:,} of {self.whole:,} {noun} ({pct(self.share)})"


def whole_pct(value: float) -> str:
    """A share as a whole percent for a table cell; '<1%' rather than a misleading '0%'."""
    return "<1%" if 0 < value < 0.005 else f"{value * 100:.0f}%"

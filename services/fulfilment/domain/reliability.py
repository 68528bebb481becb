"""A provider's on-time and quality figures, fair to small brokers.

Each is a rate smoothed with a Beta prior: the market's own rate, worth ``k`` lots.
A broker with two inspected lots is shown near the market's figure, neither trusted
nor shunned on so little evidence; one with hundreds is shown almost its own. The
figure always goes with the number of lots it rests on. Matching prices the same
rule (services/matching/domain/costs.py, COSTS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PRIOR_LOTS = 2


@dataclass(frozen=True)
class Record:
    lots: int = 0  # lots inspected (first inspection of each)
    late: int = 0  # of them delivered (or reworked) after their due date
    rejected: int = 0  # of them sent back for rework


@dataclass(frozen=True)
class Figure:
    # smoothed share of good outcomes, 0-100, one decimal; None while neither the provider
    # nor the market has an inspected lot (the prior's 1/2 alone is no figure to show)
    rate_pct: Decimal | None
    own_pct: Decimal | None  # the provider's own, unsmoothed (None: no lots yet)
    lots: int


def good_share(bad: int, lots: int, market_bad: int, market_lots: int, k: int) -> Decimal:
    """1 - (bad + k*m) / (lots + k), m = the market's bad rate (1/2 with no market)."""
    m = Decimal(market_bad) / market_lots if market_lots else Decimal("0.5")
    bad_rate = (bad + k * m) / (lots + k)
    return ((1 - bad_rate) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def figures(own: Record, market: Record, k: int = PRIOR_LOTS) -> tuple[Figure, Figure]:
    """(on time, quality)."""

    def figure(bad: int, market_bad: int) -> Figure:
        raw = None
        if own.lots:
            raw = (Decimal(own.lots - bad) * 100 / own.lots).quantize(Decimal("0.1"))
        if not (own.lots or market.lots):
            return Figure(None, None, 0)
        return Figure(good_share(bad, own.lots, market_bad, market.lots, k), raw, own.lots)

    return figure(own.late, market.late), figure(own.rejected, market.rejected)

"""What it costs the marketplace to give provider p some units of order o.

All terms are integer cost units of one millifen (1/1000 fen) PER UNIT, so a
lot of u units costs u * unit_cost and the solver works on exact integers:

    transport   = 2 * road_km(county, market) * transport_millifen_per_unit_km
    lateness    = w_lateness   * min(q, F) / F     F = free units in p's window, q = order qty
    low_income  = w_low_income * (1 - low_income_workers / total_workers)
    fairness    = w_fairness   * (G - F) / G       G = gross units in the window (utilisation)
    reliability = w_reliability * (late + 1) / (delivered + 2)   Laplace-smoothed late rate
    unit_cost   = transport + lateness + low_income + fairness + reliability

The low-income term is the priority for employers of low-income household
members written as a premium on everyone else (`w * (1 - share)` instead of
`-w * share`): the two differ by a constant per placed unit, so they rank
providers identically, and costs stay non-negative. Fractions are floored.
See COSTS.md for the reasoning behind the default weights.
"""

from dataclasses import dataclass

from services.matching.domain.feasibility import Candidate
from shared.region.distances import DEFAULT_MILLIFEN_PER_UNIT_KM, road_km


@dataclass(frozen=True)
class CostWeights:
    """Defaults are in millifen per unit; transport at ~300 km round trip is ~3,600."""

    transport_millifen_per_unit_km: int = DEFAULT_MILLIFEN_PER_UNIT_KM
    lateness: int = 4_000
    low_income: int = 3_000
    fairness: int = 2_000
    reliability: int = 6_000


DEFAULT_WEIGHTS = CostWeights()


@dataclass(frozen=True)
class CostBreakdown:
    transport: int
    lateness: int
    low_income: int
    fairness: int
    reliability: int

    @property
    def total(self) -> int:
        return self.transport + self.lateness + self.low_income + self.fairness + self.reliability


def _share(weight: int, part: int, whole: int) -> int:
    return weight * part // whole if whole > 0 else weight


def unit_cost(c: Candidate, weights: CostWeights = DEFAULT_WEIGHTS) -> CostBreakdown:
    p, o = c.provider, c.order
    free, gross = c.window_free, c.gross_units
    return CostBreakdown(
        transport=2 * road_km(p.county, o.origin_market) * weights.transport_millifen_per_unit_km,
        lateness=_share(weights.lateness, min(o.quantity, free), free),
        low_income=_share(
            weights.low_income, p.workforce.total - p.workforce.low_income, p.workforce.total
        ),
        fairness=_share(weights.fairness, max(0, gross - free), gross),
        reliability=_share(
            weights.reliability, p.history.late_jobs + 1, p.history.delivered_jobs + 2
        ),
    )


def lot_cost(c: Candidate, units: int, weights: CostWeights = DEFAULT_WEIGHTS) -> int:
    """Cost of giving `units` of the candidate's order to its provider."""
    return units * unit_cost(c, weights).total

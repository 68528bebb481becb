"""What it costs the marketplace to give provider p some units of order o.

All terms are integer cost units of one millifen (1/1000 fen) PER UNIT, so a
lot of u units costs u * unit_cost and the solver works on exact integers:

    transport   = 2 * road_km(county, market) * transport_millifen_per_unit_km
    lateness    = w_lateness   * min(q, F) / F     F = free units in p's window, q = order qty
    low_income  = w_low_income * (1 - low_income_workers / total_workers)
    fairness    = w_fairness   * (G - F) / G       G = gross units in the window (utilisation)
    reliability = w_reliability * (late + k * m) / (delivered + k)
                  m = the market's late rate (all providers' records), k = prior_jobs
                + w_quality * (rejected + k * r) / (inspected + k)
                  r = the market's rejected-lot rate; 0 while nobody's lots are inspected
    established = max(0, w_newcomer * min(delivered, N) / N   N = newcomer_jobs
                         - max(0, reliability(newcomer) - reliability(own)))
    unit_cost   = transport + lateness + low_income + fairness + reliability + established

Reliability shrinks each provider's own late rate toward the market's (a Beta
prior worth k jobs), so a newcomer counts as a typical provider, not as 50 %
late; with no market record m is 1/2 and this is Laplace's rule. `established`
is the newcomer credit written as a premium on providers with a record (as the
low-income term is), so costs stay non-negative: a newcomer pays nothing, a
typical provider (or a worse one) with N delivered jobs pays the full, bounded,
w_newcomer. A provider whose record the same Beta prior shows to be better than a
newcomer's (typical) has that advantage taken off the premium. The credit makes up
for a newcomer's missing evidence against the *typical* record; it must not outweigh
evidence that a provider is clearly better than typical (issue 16: one rejected lot
among 41 is not ranked below a newcomer). COSTS.md, "Newcomers and evidence".

The low-income term is the priority for employers of low-income household
members written as a premium on everyone else (`w * (1 - share)` instead of
`-w * share`): the two differ by a constant per placed unit, so they rank
providers identically, and costs stay non-negative. Fractions are floored.
See COSTS.md for the reasoning behind the default weights.
"""

from dataclasses import dataclass

from services.matching.domain.feasibility import Candidate
from services.matching.domain.provider import OnTimeHistory, Workforce
from services.matching.domain.vocabulary import County, Market
from shared.region.distances import DEFAULT_MILLIFEN_PER_UNIT_KM, road_km


@dataclass(frozen=True)
class CostWeights:
    """Defaults are in millifen per unit; transport at ~300 km round trip is ~3,600."""

    transport_millifen_per_unit_km: int = DEFAULT_MILLIFEN_PER_UNIT_KM
    lateness: int = 4_000
    low_income: int = 3_000
    fairness: int = 2_000
    reliability: int = 6_000
    quality: int = 12_000  # a lot rejected for rework costs more than a late one
    prior_jobs: int = 2  # how many jobs the market's record weighs in a provider's rate
    newcomer: int = 1_500  # the most a newcomer's credit is worth, per unit
    newcomer_jobs: int = 5  # delivered jobs after which a provider has a record of its own


DEFAULT_WEIGHTS = CostWeights()
NO_MARKET_RECORD = OnTimeHistory()


@dataclass(frozen=True)
class CostBreakdown:
    transport: int
    lateness: int
    low_income: int
    fairness: int
    reliability: int
    established: int = 0

    @property
    def total(self) -> int:
        return (
            self.transport
            + self.lateness
            + self.low_income
            + self.fairness
            + self.reliability
            + self.established
        )


def _share(weight: int, part: int, whole: int) -> int:
    return weight * part // whole if whole > 0 else weight


def reliability(
    own: OnTimeHistory, market: OnTimeHistory, weights: CostWeights = DEFAULT_WEIGHTS
) -> int:
    """w * (late + k*m) / (delivered + k) with m = market late / market delivered, in
    integers: w * (late * D + k * L) / ((delivered + k) * D); m = 1/2 with no market."""
    market_late, market_jobs = (
        (market.late_jobs, market.delivered_jobs) if market.delivered_jobs else (1, 2)
    )
    k = weights.prior_jobs
    on_time = _share(
        weights.reliability,
        own.late_jobs * market_jobs + k * market_late,
        (own.delivered_jobs + k) * market_jobs,
    )
    return on_time + quality(own, market, weights)


def quality(
    own: OnTimeHistory, market: OnTimeHistory, weights: CostWeights = DEFAULT_WEIGHTS
) -> int:
    """w_quality * (rejected + k*r) / (inspected + k), r = the market's rejected-lot rate:
    the same Beta prior as lateness, so a broker with two inspected lots is priced near a
    typical one. 0 for everyone while no lot in the market was inspected, so markets
    whose offices do not inspect through procnet rank exactly as before."""
    if market.inspected_lots == 0:
        return 0
    k, seen = weights.prior_jobs, market.inspected_lots
    return _share(
        weights.quality,
        own.rejected_lots * seen + k * market.rejected_lots,
        (own.inspected_lots + k) * seen,
    )


def established(own: OnTimeHistory, weights: CostWeights = DEFAULT_WEIGHTS) -> int:
    """The premium a provider with a record pays over a newcomer (0 for a newcomer),
    before its evidence is weighed (``record_premium``)."""
    n = weights.newcomer_jobs
    return _share(weights.newcomer, min(own.delivered_jobs, n), n) if n > 0 else 0


def record_premium(
    own: OnTimeHistory, market: OnTimeHistory, weights: CostWeights = DEFAULT_WEIGHTS
) -> int:
    """``established`` less the provider's proven advantage over a newcomer (its
    reliability cost below a newcomer's, the market's typical one): the credit counts in
    full against a typical or worse record and shrinks against a better one. A newcomer
    then ranks first against an otherwise equal provider only while the credit exceeds
    twice that advantage (the advantage already lowers the provider's reliability)."""
    advantage = reliability(OnTimeHistory(), market, weights) - reliability(own, market, weights)
    return max(0, established(own, weights) - max(0, advantage))


def transport(c: Candidate, weights: CostWeights = DEFAULT_WEIGHTS) -> int:
    """Round-trip freight of one unit of the candidate's order, in millifen."""
    return freight(c.provider.county, c.order.origin_market, weights)


def freight(county: County, market: Market, weights: CostWeights = DEFAULT_WEIGHTS) -> int:
    """Round-trip freight of one unit between a provider's county and a market, millifen."""
    return 2 * road_km(county, market) * weights.transport_millifen_per_unit_km


def low_income_premium(c: Candidate, weight: int) -> int:
    """What a unit costs at low-income weight `weight` for its provider's workforce."""
    w = c.provider.workforce
    return _share(weight, w.total - w.low_income, w.total)


def low_income_fee_fen(c: Candidate, units: int) -> int:
    """The part of `units` units' fee that reaches low-income households: the fee times
    the provider's low-income workers over its workforce (floored)."""
    return low_income_fee(c.provider.workforce, c.order.unit_fee_fen, units)


def low_income_fee(w: Workforce, unit_fee_fen: int, units: int) -> int:
    """``units`` units' fee times the workforce's low-income share (floored)."""
    return units * unit_fee_fen * w.low_income // w.total if w.total > 0 else 0


def unit_cost(
    c: Candidate,
    weights: CostWeights = DEFAULT_WEIGHTS,
    market: OnTimeHistory = NO_MARKET_RECORD,
) -> CostBreakdown:
    p, o = c.provider, c.order
    free, gross = c.window_free, c.gross_units
    return CostBreakdown(
        transport=transport(c, weights),
        lateness=_share(weights.lateness, min(o.quantity, free), free),
        low_income=low_income_premium(c, weights.low_income),
        fairness=_share(weights.fairness, max(0, gross - free), gross),
        reliability=reliability(p.history, market, weights),
        established=record_premium(p.history, market, weights),
    )


def lot_cost(
    c: Candidate,
    units: int,
    weights: CostWeights = DEFAULT_WEIGHTS,
    market: OnTimeHistory = NO_MARKET_RECORD,
) -> int:
    """Cost of giving `units` of the candidate's order to its provider."""
    return units * unit_cost(c, weights, market).total

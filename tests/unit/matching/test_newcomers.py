"""A provider with no record is priced as a typical provider of the market, and gets a
bounded credit until it has a record of its own (issue 12 item 9)."""

from services.matching.domain import (
    CostWeights,
    County,
    OnTimeHistory,
    Provider,
    find_candidates,
    place_batch,
    unit_cost,
)
from services.matching.domain.costs import established, reliability

from .builders import order, provider

# A marketplace after a season: most jobs on time, one in twenty late.
MARKET = OnTimeHistory(delivered_jobs=60, late_jobs=3)
VETERAN = OnTimeHistory(delivered_jobs=20, late_jobs=1)
W = CostWeights()


def test_a_newcomer_counts_as_the_market_typical_record_not_half_late() -> None:
    assert reliability(OnTimeHistory(), MARKET) == W.reliability * 3 // 60
    assert reliability(OnTimeHistory(), MARKET) < W.reliability // 2


def test_with_no_market_record_the_prior_is_laplace() -> None:
    for own in (OnTimeHistory(), OnTimeHistory(10, 3)):
        assert reliability(own, OnTimeHistory()) == W.reliability * (own.late_jobs + 1) // (
            own.delivered_jobs + 2
        )


def test_a_long_record_outweighs_the_prior() -> None:
    perfect, sloppy = OnTimeHistory(200, 0), OnTimeHistory(200, 100)
    assert reliability(perfect, MARKET) < reliability(OnTimeHistory(), MARKET)
    assert reliability(sloppy, MARKET) > W.reliability * 45 // 100


def test_the_newcomer_credit_is_bounded_and_ends_with_a_record() -> None:
    credits = [W.newcomer - established(OnTimeHistory(n, 0)) for n in range(8)]
    assert credits[0] == W.newcomer  # the bound
    assert credits == sorted(credits, reverse=True)
    assert credits[W.newcomer_jobs :] == [0] * (8 - W.newcomer_jobs)


def test_a_newcomer_with_equal_cost_receives_offers_among_experienced_providers() -> None:
    veterans = [provider(n, units=10, history=VETERAN) for n in range(1, 4)]
    newcomer = provider(9, units=10)
    o = order(1, 40, ready=0, deadline=6)  # the veterans alone could make all of it
    result = place_batch([o], [*veterans, newcomer], market=MARKET)
    given = {lot.provider_id: lot.units for lot in result.for_order(o.order_id).lots}
    assert given.get(newcomer.id, 0) > 0
    assert result.total_shortfall == 0


def test_the_credit_does_not_beat_a_much_cheaper_provider() -> None:
    """Bounded: a veteran far nearer the market still wins over a newcomer."""
    near = provider(1, units=50, history=VETERAN, county=County.JINYUN)
    far = provider(2, units=50, county=County.QINGYUAN)
    assert unit_cost_of(far) - unit_cost_of(near) > W.newcomer
    o = order(1, 20)
    result = place_batch([o], [near, far], market=MARKET)
    assert [lot.provider_id for lot in result.for_order(o.order_id).lots] == [near.id]


def unit_cost_of(p: Provider) -> int:
    (c,) = find_candidates(order(1, 20), [p], {})
    return unit_cost(c, W, MARKET).total


def test_old_pricing_gave_the_newcomer_nothing() -> None:
    """The same market priced the old way (no market prior, no credit) shuts it out."""
    veterans = [provider(n, units=10, history=VETERAN) for n in range(1, 4)]
    newcomer = provider(9, units=10)
    o = order(1, 40, ready=0, deadline=6)
    old = CostWeights(newcomer=0)
    result = place_batch([o], [*veterans, newcomer], weights=old)
    assert newcomer.id not in {lot.provider_id for lot in result.for_order(o.order_id).lots}

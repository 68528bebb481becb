"""Freight consolidation: same market and county within the window travel together, and
the saving is the trips not made."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.fulfilment.domain.consolidation import Shipment, freight_fen, propose
from shared.region import County, Market
from shared.region.distances import road_km

D0 = date(2027, 3, 1)


def ship(county: County, days: int, units: int = 100, market: Market = Market.YIWU) -> Shipment:
    return Shipment(uuid.uuid4(), market, county, D0 + timedelta(days=days), units)


def test_lots_of_one_county_within_a_day_travel_together_and_save_the_trips() -> None:
    a, b, c = ship(County.JINYUN, 0), ship(County.JINYUN, 1), ship(County.JINYUN, 3)
    other = ship(County.QINGYUAN, 0)
    [p] = propose([a, b, c, other], window_days=1)
    assert {s.job_id for s in p.lots} == {a.job_id, b.job_id}
    assert p.ship_on == b.ship_on  # nobody leaves before its materials are ready
    trip = 2 * road_km(County.JINYUN, Market.YIWU) * 250
    assert p.saved_fen == trip  # one trip instead of two; per-unit freight unchanged


def test_a_wider_window_takes_more_lots() -> None:
    lots = [ship(County.SUICHANG, d) for d in (0, 1, 3)]
    [p] = propose(lots, window_days=3)
    assert len(p.lots) == 3


@given(
    st.lists(
        st.tuples(st.sampled_from(list(County)), st.integers(0, 10), st.integers(1, 5000)),
        max_size=30,
    ),
    st.integers(0, 4),
)
def test_a_proposal_never_costs_more_and_no_lot_is_in_two(
    raw: list[tuple[County, int, int]], window: int
) -> None:
    lots = [ship(county, day, units) for county, day, units in raw]
    proposals = propose(lots, window_days=window)
    seen = [s.job_id for p in proposals for s in p.lots]
    assert len(seen) == len(set(seen))
    for p in proposals:
        assert p.saved_fen > 0
        assert len({(s.market, s.county) for s in p.lots}) == 1
        assert max(s.ship_on for s in p.lots) - min(s.ship_on for s in p.lots) <= timedelta(
            days=window
        )
        assert p.consolidated_fen <= sum(
            freight_fen(s.units, s.county, s.market, 250) for s in p.lots
        )

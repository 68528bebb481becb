"""The transit table is symmetric, zero at home, and matches the hand-written expectations."""

from itertools import product

from services.balancer.domain import County
from services.balancer.domain.region import road_km, transit_days, transport_fen_per_unit
from tests.unit.balancer.builders import TRANSIT


def test_table_is_symmetric_and_never_free() -> None:
    for a, b in product(County, County):
        assert road_km(a, b) == road_km(b, a)
        assert transit_days(a, b) == transit_days(b, a)
        assert transport_fen_per_unit(a, b) > 0
        assert (road_km(a, b) == 0) == (a == b)


def test_matches_the_expectations_the_optimiser_tests_rely_on() -> None:
    for pair, days in TRANSIT.items():
        a, b = (*pair, *pair)[:2]
        assert transit_days(a, b) == days


def test_direct_mountain_links_beat_the_route_through_liandu() -> None:
    assert road_km(County.SONGYANG, County.SUICHANG) == 45
    assert road_km(County.QINGYUAN, County.JINYUN) == 235
    assert transport_fen_per_unit(County.JINYUN, County.LIANDU) < transport_fen_per_unit(
        County.JINYUN, County.QINGYUAN
    )

import pytest

from shared.region import County, Market, road_km, transit_days, transport_cost_fen
from shared.region.distances import ROAD_KM, transport_cost_millifen


def test_every_county_has_a_distance_to_every_market() -> None:
    assert set(ROAD_KM) == {(c, m) for c in County for m in Market}
    assert all(50 <= km <= 500 for km in ROAD_KM.values())


def test_known_anchor_distances() -> None:
    assert road_km(County.LIANDU, Market.YIWU) == 150
    assert road_km(County.LIANDU, Market.WENZHOU) == 130


def test_qingtian_is_nearest_wenzhou_and_jinyun_nearest_yiwu() -> None:
    assert min(County, key=lambda c: road_km(c, Market.WENZHOU)) == County.QINGTIAN
    assert min(County, key=lambda c: road_km(c, Market.YIWU)) == County.JINYUN


@pytest.mark.parametrize(
    ("county", "market", "days"),
    [
        (County.LIANDU, Market.YIWU, 1),
        (County.SUICHANG, Market.YIWU, 1),  # exactly 200 km
        (County.QINGYUAN, Market.YIWU, 2),
        (County.LIANDU, Market.NINGBO, 2),
    ],
)
def test_transit_is_one_day_up_to_200_km_two_beyond(
    county: County, market: Market, days: int
) -> None:
    assert transit_days(county, market) == days


def test_transport_is_round_trip_and_linear_in_units() -> None:
    one = transport_cost_millifen(1, County.LIANDU, Market.YIWU)
    assert one == 2 * 150 * 12
    assert transport_cost_millifen(7, County.LIANDU, Market.YIWU) == 7 * one


def test_transport_is_about_five_percent_of_a_typical_fee() -> None:
    fee_fen = 100
    units = 1000
    fen = transport_cost_fen(units, County.SONGYANG, Market.YIWU)
    assert 0.03 * fee_fen * units <= fen <= 0.07 * fee_fen * units


def test_transport_in_fen_rounds_up() -> None:
    assert transport_cost_fen(1, County.LIANDU, Market.YIWU) == 4  # 3.6 fen

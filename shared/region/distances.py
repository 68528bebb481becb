"""Road distances from the nine county seats to the markets, and what they cost.

The figures are APPROXIMATE road distances in km between county seats and
market cities, rounded to 10 km, from general knowledge of the expressway
network (Lishui city/Liandu to Yiwu ~150 km, to Wenzhou ~130 km). They rank
providers by remoteness; they are not routing data. Village last-mile roads
are not modelled: every provider is placed at its county seat.

Transport is charged for the round trip (materials out, finished goods back).
The case says transport is about 5% of processing-fee income: for a typical
fee of ~1 yuan (100 fen) a unit and a typical round trip of ~400 km that is
5 fen / 400 km = 0.0125 fen per unit-km, so the default rate is 12 millifen
(thousandths of a fen) per unit-km.
"""

from shared.region.counties import County
from shared.region.markets import Market

ONE_DAY_MAX_KM = 200
DEFAULT_MILLIFEN_PER_UNIT_KM = 12

_MARKETS = (
    Market.YIWU,
    Market.WENZHOU,
    Market.JINHUA,
    Market.TAIZHOU,
    Market.NINGBO,
    Market.HANGZHOU,
)
_KM_ROWS: dict[County, tuple[int, ...]] = {
    #                yiwu wenzhou jinhua taizhou ningbo hangzhou
    County.LIANDU: (150, 130, 125, 190, 300, 270),
    County.JINYUN: (110, 170, 95, 170, 260, 230),
    County.QINGTIAN: (190, 70, 165, 170, 320, 310),
    County.SONGYANG: (180, 190, 150, 250, 360, 290),
    County.SUICHANG: (200, 230, 165, 290, 380, 300),
    County.YUNHE: (210, 190, 185, 250, 360, 330),
    County.JINGNING: (260, 200, 235, 290, 400, 380),
    County.LONGQUAN: (250, 250, 220, 320, 420, 360),
    County.QINGYUAN: (310, 290, 280, 360, 460, 420),
}
ROAD_KM: dict[tuple[County, Market], int] = {
    (county, market): km
    for county, row in _KM_ROWS.items()
    for market, km in zip(_MARKETS, row, strict=True)
}


def road_km(county: County, market: Market) -> int:
    """One-way approximate road distance, county seat to market."""
    return ROAD_KM[(county, market)]


def transit_days(county: County, market: Market) -> int:
    """Days goods spend on the road one way: 1 up to 200 km, 2 beyond."""
    return 1 if road_km(county, market) <= ONE_DAY_MAX_KM else 2


def transport_cost_millifen(
    units: int, county: County, market: Market, rate: int = DEFAULT_MILLIFEN_PER_UNIT_KM
) -> int:
    """Round-trip transport of ``units`` between market and county, in millifen (exact)."""
    return units * 2 * road_km(county, market) * rate


def transport_cost_fen(
    units: int, county: County, market: Market, rate: int = DEFAULT_MILLIFEN_PER_UNIT_KM
) -> int:
    """Round-trip transport in whole fen, rounded up."""
    return -(-transport_cost_millifen(units, county, market, rate) // 1000)

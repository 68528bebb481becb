"""The region procnet serves: Lishui's nine counties, the markets that send work,
the road distances between them, and the one clock that says what day it is.

Every service and the CLI take these from here, so a county is spelled one way,
a distance has one value and "today" is the same Lishui date everywhere.
"""

from shared.region.clock import LISHUI, now, today
from shared.region.counties import County, parse_county
from shared.region.distances import (
    DEFAULT_MILLIFEN_PER_UNIT_KM,
    ONE_DAY_MAX_KM,
    road_km,
    transit_days,
    transport_cost_fen,
    transport_cost_millifen,
)
from shared.region.markets import Market

__all__ = [
    "DEFAULT_MILLIFEN_PER_UNIT_KM",
    "LISHUI",
    "ONE_DAY_MAX_KM",
    "County",
    "Market",
    "now",
    "parse_county",
    "road_km",
    "today",
    "transit_days",
    "transport_cost_fen",
    "transport_cost_millifen",
]

"""The region as the balancer sees it: counties (``shared.region``) read with a domain error,
and approximate county-to-county transit, so moved work pays for the road it travels.

Lishui's roads run roughly as a star around Liandu, the prefecture seat, with a
few direct mountain links. Road distances below are rounded estimates (km), not
survey data: good enough to rank lenders and to keep the transit days honest.
A unit is one bundle of pieces; its freight cost is indicative (fen per unit),
in line with the case's "transport ≈ 5% of fee income".
"""

from functools import cache

from services.balancer.domain.errors import UnknownCounty
from shared.region import County
from shared.region import parse_county as _parse_county


def parse_county(name: str | County) -> County:
    """The county called `name` (any case, as the API accepts it); unknown names raise."""
    try:
        return _parse_county(name)
    except ValueError as exc:
        raise UnknownCounty(str(exc)) from None


KM_FROM_LIANDU: dict[County, int] = {
    County.LIANDU: 0,
    County.JINYUN: 45,
    County.QINGTIAN: 70,
    County.YUNHE: 70,
    County.SONGYANG: 70,
    County.SUICHANG: 100,
    County.JINGNING: 110,
    County.LONGQUAN: 120,
    County.QINGYUAN: 190,
}

DIRECT_KM: dict[frozenset[County], int] = {
    frozenset({County.SONGYANG, County.SUICHANG}): 45,
    frozenset({County.YUNHE, County.JINGNING}): 35,
    frozenset({County.LONGQUAN, County.QINGYUAN}): 75,
    frozenset({County.LONGQUAN, County.SUICHANG}): 80,
    frozenset({County.LONGQUAN, County.YUNHE}): 75,
}

SAME_DAY_KM = 150
LOCAL_HANDLING_FEN_PER_UNIT = 5
FEN_PER_UNIT_PER_10_KM = 1


@cache
def road_km(origin: County, destination: County) -> int:
    """Shortest of the direct link (if any) and the route through Liandu."""
    if origin == destination:
        return 0
    via_seat = KM_FROM_LIANDU[origin] + KM_FROM_LIANDU[destination]
    return min(via_seat, DIRECT_KM.get(frozenset({origin, destination}), via_seat))


@cache
def transit_days(origin: County, destination: County) -> int:
    """0 inside a county, 1 for a day's drive, 2 beyond it."""
    km = road_km(origin, destination)
    if km == 0:
        return 0
    return 1 if km <= SAME_DAY_KM else 2


@cache
def transport_fen_per_unit(origin: County, destination: County) -> int:
    """Handling plus distance; never zero, so no transfer is ever free."""
    km = road_km(origin, destination)
    return LOCAL_HANDLING_FEN_PER_UNIT + FEN_PER_UNIT_PER_10_KM * -(-km // 10)

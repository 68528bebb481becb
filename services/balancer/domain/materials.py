"""When an order's materials reach the broker that holds the job: the earliest day units can move.

Matching places a job inside [materials_ready + transit, deadline - transit],
transit being one day up to 200 km between the provider's county and the
order's market, two beyond. A job scheduled late in that window still had its
materials at home from the window's first day, so its units may move to a
lender's earlier free days. The distances mirror matching's table (approximate
km, county seat to market city); a unit test keeps the two equal.
"""

from datetime import date, timedelta

from services.balancer.domain.counties import County, parse_county

ONE_DAY_MAX_KM = 200

# One-way km from each county seat to each market (matching's table, market by market).
_KM = """
         liandu jinyun qingtian songyang suichang yunhe jingning longquan qingyuan
yiwu       150    110     190      180      200     210     260      250      310
wenzhou    130    170      70      190      230     190     200      250      290
jinhua     125     95     165      150      165     185     235      220      280
taizhou    190    170     170      250      290     250     290      320      360
ningbo     300    260     320      360      380     360     400      420      460
hangzhou   270    230     310      290      300     330     380      360      420
"""


def _parse(table: str) -> dict[str, dict[County, int]]:
    header, *rows = table.strip().splitlines()
    counties = [parse_county(name) for name in header.split()]
    return {
        market: dict(zip(counties, map(int, km), strict=True))
        for market, *km in (row.split() for row in rows)
    }


MARKET_KM: dict[str, dict[County, int]] = _parse(_KM)


def market_transit_days(county: County, market: str) -> int:
    """Days on the road one way between a county and a market: 1 up to 200 km, 2 beyond."""
    return 1 if MARKET_KM[market.lower()][county] <= ONE_DAY_MAX_KM else 2


def materials_at_home(county: County, market: str, materials_ready: date) -> date | None:
    """The day the order's materials reach a broker in `county`; None for an unknown market."""
    if market.lower() not in MARKET_KM:
        return None
    return materials_ready + timedelta(days=market_transit_days(county, market))

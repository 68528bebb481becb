"""When an order's materials reach the broker that holds the job: the earliest day units can move.

Matching places a job inside [materials_ready + transit, deadline - transit],
transit being one day up to 200 km between the provider's county and the
order's market, two beyond. A job scheduled late in that window still had its
materials at home from the window's first day, so its units may move to a
lender's earlier free days. Distances and transit days are the region's one
table (``shared.region``), the same matching uses.
"""

from datetime import date, timedelta

from shared.region import County, Market, transit_days


def materials_at_home(county: County, market: str, materials_ready: date) -> date | None:
    """The day the order's materials reach a broker in `county`; None for an unknown market."""
    try:
        known = Market(market.strip().lower())
    except ValueError:
        return None
    return materials_ready + timedelta(days=transit_days(county, known))

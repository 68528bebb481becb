"""Freight is about 5% of fee income on the demo region, as the case reports."""

from __future__ import annotations

from services.cli import demo_region, sim_orders
from services.settlement.domain.fees.freight import freight, freight_rate
from shared.region import County, Market


def test_freight_share_of_fees_on_the_demo_region_is_about_five_percent() -> None:
    """Every office's clients (from their home markets) ordering the demo mix at the demo
    fees, work done in the office's county: freight over fees, weighted like the orders."""
    fees = carried = 0.0
    for office in demo_region.offices():
        for client in office.clients:
            for category, weight in sim_orders.MIX.items():
                line = freight(category, 1000, County(office.county), Market(client.home_market))
                fees += weight * float(sim_orders.FEE_CNY[category]) * 100 * 1000
                carried += weight * (line.amount_fen or 0)
    share = carried / fees
    assert 0.045 < share < 0.055, share


def test_freight_line_shows_its_figures() -> None:
    line = freight("bead_work", 100, County.SUICHANG, Market.YIWU)
    assert line.amount_fen == 100 * 2 * 200 * 4 // 1000  # 16 fen
    assert line.figures == {"units": 100, "km": 200, "rate_millifen_per_unit_km": 4,
                            "category": "bead_work"}  # fmt: skip
    assert freight_rate("a_new_category") == 12  # the region's default rate

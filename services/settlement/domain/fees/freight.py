"""Freight per delivered job: the market-county round trip from the one km table, at a
per-category rate calibrated so that freight is about 5% of fee income on the demo region.

The case: "the average transport cost ... accounts for about 5% of the processing fee
income". Freight per unit is 2 × km × rate / 1000 fen (rate in millifen per unit-km), so
5% of a unit fee f at a typical one-way distance K is rate = 0.05 × 1000 × f / (2 × K)
= 25 × f / K. With the demo region's fees per unit (bead work 0.30 yuan ... garments
4.00) and K = 190 km (the demo's orders, fee-weighted, from the county seats to their
markets), the rates below follow; ``tests/unit/settlement/test_freight.py`` measures
the share on the demo region (4.98 %). Heavier, bulkier work costs more to carry, which the
fee per unit already reflects.
"""

from __future__ import annotations

from services.settlement.domain.money import yuan
from services.settlement.domain.policy.lines import AmountLine
from shared.region.counties import County
from shared.region.distances import (
    DEFAULT_MILLIFEN_PER_UNIT_KM,
    road_km,
    transport_cost_fen,
)
from shared.region.markets import Market

TYPICAL_KM = 190
RATES_MILLIFEN_PER_UNIT_KM: dict[str, int] = {
    "bead_work": 4,
    "pearl_embroidery": 39,
    "crochet": 26,
    "garment_sewing": 53,
    "knitting": 33,
    "welding_assembly": 20,
}


def freight_rate(category: str) -> int:
    return RATES_MILLIFEN_PER_UNIT_KM.get(category, DEFAULT_MILLIFEN_PER_UNIT_KM)


def freight(category: str, units: int, county: County, market: Market) -> AmountLine:
    """Round trip of every delivered unit (good and defective travel alike)."""
    rate = freight_rate(category)
    km = road_km(county, market)
    fen = transport_cost_fen(units, county, market, rate)
    return AmountLine(
        rule="freight.round_trip",
        amount_fen=fen,
        explanation=f"{units} units × 2 × {km} km × {rate} millifen = {yuan(fen)} yuan "
        "(rounded up)",
        figures={"units": units, "km": km, "rate_millifen_per_unit_km": rate, "category": category},
    )

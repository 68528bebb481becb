"""Seeded client orders as the liaison offices would enter them, week by week.

Demand follows the calendar (the pre-Spring-Festival rush, the lull after it,
the autumn peak) and is sized against the demo region's capacity, so that a
run of 200 orders a week loads the region to about ``load`` (fewer orders load it
less; the orders themselves keep realistic sizes).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from services.cli import demo_providers, demo_region

# Share of orders per category and the demo fee per unit (yuan).
MIX = {"bead_work": 0.25, "garment_sewing": 0.2, "welding_assembly": 0.18, "knitting": 0.15,
       "pearl_embroidery": 0.12, "crochet": 0.1}  # fmt: skip
FEE_CNY = {"bead_work": "0.30", "pearl_embroidery": "3.00", "crochet": "2.00",
           "garment_sewing": "4.00", "knitting": "2.50", "welding_assembly": "1.50"}  # fmt: skip
MAX_QUANTITY = 5_000_000
# Order sizes are realistic whatever the count: `load` is reached at 200 orders a week.
REFERENCE_ORDERS = 200
MONTH_DEMAND = {1: 1.1, 2: 0.5, 3: 0.9, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.8, 8: 1.0, 9: 1.3,
                10: 1.4, 11: 1.3, 12: 1.2}  # fmt: skip
PRODUCTS = {"bead_work": "Beaded hair clips", "pearl_embroidery": "Pearl-embroidered evening bags",
            "crochet": "Crocheted baby hats", "garment_sewing": "Women's blouses",
            "knitting": "Knitted scarves", "welding_assembly": "Small motor brackets"}  # fmt: skip


@dataclass(frozen=True)
class PlannedOrder:
    office: demo_region.Office
    client: demo_region.Client
    body: dict[str, Any]  # without client_id, which intake chose


def weekly_capacity() -> Counter[str]:
    cap: Counter[str] = Counter()
    for p in demo_providers.providers():
        for category, units in p.body["categories"].items():
            cap[category] += units * 7
    return cap


def orders_for_week(
    rng: random.Random, monday: date, per_week: int, load: float
) -> list[PlannedOrder]:
    count = max(1, round(per_week * MONTH_DEMAND[monday.month]))
    capacity, offices = weekly_capacity(), demo_region.offices()
    out = []
    for _ in range(count):
        category = rng.choices(list(MIX), list(MIX.values()))[0]
        mean = load * capacity[category] / (REFERENCE_ORDERS * MIX[category])
        quantity = round(mean * rng.lognormvariate(0, 0.5) / 1.13 / 100) * 100
        quantity = min(MAX_QUANTITY, max(100, quantity))
        office = rng.choice(offices)
        client = rng.choice(office.clients)
        out.append(PlannedOrder(office, client, _body(rng, monday, category, quantity, client)))
    return out


def _body(
    rng: random.Random, monday: date, category: str, quantity: int, client: demo_region.Client
) -> dict[str, Any]:
    ready = monday + timedelta(days=rng.randint(0, 4))
    deadline = ready + timedelta(days=rng.randint(12, 35))
    fee = (Decimal(FEE_CNY[category]) * Decimal(rng.uniform(0.85, 1.2))).quantize(Decimal("0.01"))
    return {
        "category": category,
        "description": f"{PRODUCTS[category]} for {client.name}",
        "quantity": quantity,
        "unit_fee_cny": str(fee),
        "materials_ready": ready.isoformat(),
        "deadline": deadline.isoformat(),
        "origin_market": client.home_market,
        "splittable": rng.random() < 0.85,
        "min_lot": max(100, quantity // 10 // 100 * 100),
        "quality_requirements": "As the approved sample",
        "defect_tolerance_pct": "1.5",
    }

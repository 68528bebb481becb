"""Seeded client orders as the liaison offices would enter them, week by week.

``--load`` is demand / capacity over the window: the units ordered in each
category over the simulated weeks are ``load`` times the region's capacity in
that category over the same days (seeded providers, seasons applied; see
``capacity``). Demand follows the calendar (the pre-Spring-Festival rush, the
lull after it, the autumn peak): week k gets ``orders_per_week`` times its
month's factor in orders, and the same share of the window's units. Each
category's units of a week are split over that week's orders of the category
at random sizes, so the total is exact up to rounding to 100 units (a category
with no order in a week, possible below six orders a week, orders nothing).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from services.cli import capacity, demo_region

# Share of orders per category and the demo fee per unit (yuan).
MIX = {"bead_work": 0.25, "garment_sewing": 0.2, "welding_assembly": 0.18, "knitting": 0.15,
       "pearl_embroidery": 0.12, "crochet": 0.1}  # fmt: skip
FEE_CNY = {"bead_work": "0.30", "pearl_embroidery": "3.00", "crochet": "2.00",
           "garment_sewing": "4.00", "knitting": "2.50", "welding_assembly": "1.50"}  # fmt: skip
MAX_QUANTITY = 5_000_000
# How busy each month is (by the month of the week's Monday): orders and units both follow it.
MONTH_DEMAND = {1: 1.1, 2: 0.5, 3: 0.9, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.8, 8: 1.0, 9: 1.3,
                10: 1.4, 11: 1.3, 12: 1.2}  # fmt: skip
# What the offices write on an order, in the brokers' language: the product, and the
# materials the client supplies for each piece (来料: the order's whole quantity of each).
PRODUCTS = {"bead_work": "串珠发夹", "pearl_embroidery": "珍珠绣晚宴包", "crochet": "钩针婴儿帽",
            "garment_sewing": "女式衬衫", "knitting": "针织围巾",
            "welding_assembly": "小电机支架"}  # fmt: skip
SUPPLIED: dict[str, list[tuple[str, Decimal, str]]] = {
    "bead_work": [("玻璃珠 4mm", Decimal("0.004"), "kg"), ("发夹坯", Decimal(1), "个")],
    "pearl_embroidery": [("仿珍珠", Decimal("0.02"), "kg"), ("包坯", Decimal(1), "个")],
    "crochet": [("棉线", Decimal("0.05"), "kg")],
    "garment_sewing": [("面料", Decimal("1.6"), "米"), ("纽扣", Decimal(8), "粒")],
    "knitting": [("毛线", Decimal("0.15"), "kg")],
    "welding_assembly": [("冲压件", Decimal(2), "件"), ("焊丝", Decimal("0.01"), "kg")],
}


@dataclass(frozen=True)
class PlannedOrder:
    office: demo_region.Office
    client: demo_region.Client
    body: dict[str, Any]  # without client_id, which intake chose


@dataclass(frozen=True)
class DemandPlan:
    """How many orders and units each simulated week asks for, from --load."""

    start: date
    weeks: int
    per_week: int
    load: float
    counts: tuple[int, ...] = ()  # orders submitted in week k
    units: dict[tuple[int, str], int] = field(default_factory=dict)  # (week, category) -> units
    capacity: dict[str, int] = field(default_factory=dict)  # category -> units over the window

    @classmethod
    def for_window(cls, start: date, weeks: int, per_week: int, load: float) -> DemandPlan:
        factors = [MONTH_DEMAND[(start + timedelta(weeks=k)).month] for k in range(weeks)]
        cap = {c: capacity.window_capacity(start, 7 * weeks, c) for c in MIX}
        units = {
            (k, c): round(load * cap[c] * factors[k] / sum(factors))
            for k in range(weeks)
            for c in MIX
        }
        counts = tuple(max(1, round(per_week * f)) for f in factors)
        return cls(start, weeks, per_week, load, counts, units, cap)

    def factor(self, week: int) -> float:
        return MONTH_DEMAND[(self.start + timedelta(weeks=week)).month]

    @property
    def orders(self) -> int:
        return sum(self.counts)


def orders_for_week(rng: random.Random, plan: DemandPlan, week: int) -> list[PlannedOrder]:
    monday, offices = plan.start + timedelta(weeks=week), demo_region.offices()
    categories = _categories(plan.counts[week])
    rng.shuffle(categories)
    sizes = [rng.lognormvariate(0, 0.5) for _ in categories]
    quantity = _quantities(plan, week, categories, sizes)
    out = []
    for i, category in enumerate(categories):
        office = rng.choice(offices)
        client = rng.choice(office.clients)
        body = _body(rng, monday, category, quantity[i], client)
        out.append(PlannedOrder(office, client, body))
    return out


def _categories(count: int) -> list[str]:
    """`count` categories in MIX proportions (largest remainder), in MIX order."""
    exact = {c: count * share for c, share in MIX.items()}
    n = {c: int(v) for c, v in exact.items()}
    for c in sorted(MIX, key=lambda c: exact[c] - n[c], reverse=True)[: count - sum(n.values())]:
        n[c] += 1
    return [c for c in MIX for _ in range(n[c])]


def _quantities(plan: DemandPlan, week: int, cats: list[str], sizes: list[float]) -> list[int]:
    """The week's units of each category split over its orders in proportion to their sizes."""
    weight = {c: sum(s for k, s in zip(cats, sizes, strict=True) if k == c) for c in set(cats)}
    out = []
    for c, s in zip(cats, sizes, strict=True):
        q = round(plan.units[(week, c)] * s / weight[c] / 100) * 100
        out.append(min(MAX_QUANTITY, max(100, q)))
    return out


def _body(
    rng: random.Random, monday: date, category: str, quantity: int, client: demo_region.Client
) -> dict[str, Any]:
    ready = monday + timedelta(days=rng.randint(0, 4))
    deadline = ready + timedelta(days=rng.randint(12, 35))
    fee = (Decimal(FEE_CNY[category]) * Decimal(rng.uniform(0.85, 1.2))).quantize(Decimal("0.01"))
    return {
        "category": category,
        "description": f"{PRODUCTS[category]}（{client.name}）",
        "quantity": quantity,
        "unit_fee_cny": str(fee),
        "materials_ready": ready.isoformat(),
        "deadline": deadline.isoformat(),
        "origin_market": client.home_market,
        "splittable": rng.random() < 0.85,
        "min_lot": max(100, quantity // 10 // 100 * 100),
        "quality_requirements": "按确认样品",
        "materials": supplied(category, quantity),
        "defect_tolerance_pct": "1.5",
    }


def supplied(category: str, quantity: int) -> list[dict[str, str]]:
    """The materials the client supplies for ``quantity`` pieces of ``category``."""
    return [
        {"item": item, "quantity": str(per_piece * quantity), "unit": unit}
        for item, per_piece, unit in SUPPLIED.get(category, [])
    ]

"""Seeded matching batches at any size: providers across Lishui, orders from the markets.

Orders compete for the same providers (one category dominates), calendars
carry random bookings, and total demand is a set share of the capacity in
the windows, so placement choices interact and greedy can go wrong.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from services.matching.domain import (
    CapacityCalendar,
    Category,
    CategoryCode,
    County,
    Market,
    Mode,
    OnTimeHistory,
    OrderToPlace,
    Provider,
    Workforce,
)
from services.matching.domain.feasibility import Calendars

DAY0 = date(2027, 4, 1)
CATEGORIES = (Category.BEAD_WORK, Category.CROCHET)
MARKETS = (Market.YIWU, Market.WENZHOU)


@dataclass(frozen=True)
class Batch:
    orders: list[OrderToPlace]
    providers: list[Provider]
    calendars: Calendars


@dataclass(frozen=True)
class Shape:
    providers: int
    orders: int
    days: int = 12  # spread of materials-ready dates and of window lengths
    load: float = 0.6  # demand / free capacity over the horizon
    lot_rules: bool = False  # min lots > 1 and some non-splittable orders
    one_category: bool = False  # every order competes for the same capacity


def _provider(rng: random.Random, n: int) -> Provider:
    total = rng.randint(3, 60)
    delivered = rng.randint(0, 40)
    return Provider(
        id=UUID(int=rng.getrandbits(96) << 32 | n),
        name=f"p{n}",
        county=rng.choice(list(County)),
        township="t",
        village="v",
        mode=rng.choice(list(Mode)),
        categories={CATEGORIES[0]: rng.randint(5, 40), CATEGORIES[1]: rng.randint(0, 10)},
        workforce=Workforce(total=total, low_income=rng.randint(0, total)),
        history=OnTimeHistory(delivered, rng.randint(0, delivered)),
    )


def _calendar(
    rng: random.Random, p: Provider, category: CategoryCode, days: int
) -> CapacityCalendar:
    base = p.categories.get(category, 0)
    booked = {
        DAY0 + timedelta(d): rng.randint(0, base) for d in range(days * 3) if rng.random() < 0.3
    }
    return CapacityCalendar.for_provider(p, category, booked=booked)


def _order(rng: random.Random, n: int, quantity: int, shape: Shape) -> OrderToPlace:
    ready = DAY0 + timedelta(rng.randint(0, shape.days))
    splittable = not shape.lot_rules or rng.random() < 0.75
    return OrderToPlace(
        order_id=UUID(int=rng.getrandbits(96) << 32 | n),
        category=CATEGORIES[0] if shape.one_category else rng.choices(CATEGORIES, (5, 1))[0],
        quantity=quantity if splittable else min(quantity, rng.randint(100, 300)),
        materials_ready=ready,
        deadline=ready + timedelta(rng.randint(6, 6 + shape.days)),
        origin_market=rng.choice(MARKETS),
        unit_fee_fen=rng.randint(10, 300),
        splittable=splittable,
        min_lot=rng.choice((50, 100, 200)) if shape.lot_rules else 1,
    )


def _quantities(rng: random.Random, shape: Shape, providers: list[Provider]) -> list[int]:
    daily = sum(p.categories[CATEGORIES[0]] for p in providers) * 0.85
    demand = shape.load * daily * shape.days  # about a window's worth of everyone's days
    weights = [rng.random() + 0.2 for _ in range(shape.orders)]
    return [max(1, int(demand * w / sum(weights))) for w in weights]


def batch(seed: int, shape: Shape) -> Batch:
    rng = random.Random(seed)
    providers = [_provider(rng, n) for n in range(shape.providers)]
    quantities = _quantities(rng, shape, providers)
    orders = [_order(rng, n, q, shape) for n, q in enumerate(quantities)]
    calendars = {
        (p.id, c): _calendar(rng, p, c, shape.days) for p in providers for c in p.categories
    }
    return Batch(orders, providers, calendars)

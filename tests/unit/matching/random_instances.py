"""Seeded random batches: small enough to enumerate, varied enough to bite."""

import random
from dataclasses import dataclass
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

from .builders import day

COUNTIES = (County.JINYUN, County.LIANDU, County.LONGQUAN, County.QINGYUAN)
CATEGORIES = (Category.BEAD_WORK, Category.CROCHET)


@dataclass(frozen=True)
class Instance:
    orders: list[OrderToPlace]
    providers: list[Provider]
    calendars: Calendars


def _provider(rng: random.Random, n: int) -> Provider:
    made = rng.sample(CATEGORIES, rng.randint(1, 2))
    total = rng.randint(0, 30)
    delivered = rng.randint(0, 20)
    return Provider(
        id=UUID(int=rng.getrandbits(64) << 8 | n),
        name=f"p{n}",
        county=rng.choice(COUNTIES),
        township="t",
        village="v",
        mode=rng.choice(list(Mode)),
        categories={c: rng.randint(1, 3) for c in made},
        workforce=Workforce(total=total, low_income=rng.randint(0, total)),
        history=OnTimeHistory(delivered, rng.randint(0, delivered)),
    )


def _order(rng: random.Random, n: int) -> OrderToPlace:
    ready = rng.randint(0, 1)
    quantity = rng.randint(2, 8)
    return OrderToPlace(
        order_id=UUID(int=rng.getrandbits(64) << 8 | n),
        category=rng.choices(CATEGORIES, weights=(4, 1))[0],
        quantity=quantity,
        materials_ready=day(ready),
        deadline=day(ready + rng.randint(2, 6)),
        origin_market=rng.choice((Market.YIWU, Market.WENZHOU)),
        unit_fee_fen=rng.randint(10, 300),
        splittable=rng.random() < 0.75,
        min_lot=rng.choice((1, 1, 2, 3)),
    )


def _calendar(rng: random.Random, p: Provider, category: CategoryCode) -> CapacityCalendar:
    booked = {day(n): rng.randint(0, 2) for n in range(8) if rng.random() < 0.3}
    return CapacityCalendar.for_provider(p, category, booked=booked)


def instance(seed: int, max_orders: int = 3, max_providers: int = 4) -> Instance:
    rng = random.Random(seed)
    providers = [_provider(rng, n) for n in range(rng.randint(2, max_providers))]
    orders = [_order(rng, n) for n in range(rng.randint(2, max_orders))]
    calendars = {(p.id, c): _calendar(rng, p, c) for p in providers for c in p.categories}
    return Instance(orders, providers, calendars)

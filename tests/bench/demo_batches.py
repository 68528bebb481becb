"""The demo region as one matcher batch: its 100 seeded providers and the CLI's orders.

Providers are `services.cli.demo_providers` (the ones `procnet seed` registers) and
orders are what `procnet simulate` would submit (`services.cli.sim_orders`, same
seeded generator, same ``--load`` meaning: demand / capacity over the window), all
handed to one `place_batch` as if they had queued up together. No calendars: every
provider works at its registered base rate (the demo seasons are outside the window).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from services.cli import demo_providers, sim_orders
from services.matching.domain import County, Market, Mode, OrderToPlace, Provider, Workforce

START = date(2027, 5, 3)  # a Monday in May: no demo season (tea picking ends 25 April)
WEEKS = 4
PER_WEEK = 200  # `procnet simulate`'s default orders a week


@dataclass(frozen=True)
class DemoBatch:
    orders: list[OrderToPlace]
    providers: list[Provider]


def providers() -> list[Provider]:
    out = []
    for p in demo_providers.providers():
        b = p.body
        out.append(
            Provider(
                id=UUID(b["id"]),
                name=b["name"],
                county=County(b["county"]),
                township=b["township"],
                village=b["village"],
                mode=Mode(b["mode"]),
                categories=dict(b["categories"]),
                workforce=Workforce(**b["workforce"]),
            )
        )
    return out


def _order(n: int, rng: random.Random, body: dict[str, object]) -> OrderToPlace:
    fee_fen = int(Decimal(str(body["unit_fee_cny"])) * 100)
    return OrderToPlace(
        order_id=UUID(int=rng.getrandbits(96) << 32 | n),
        category=str(body["category"]),
        quantity=int(str(body["quantity"])),
        materials_ready=date.fromisoformat(str(body["materials_ready"])),
        deadline=date.fromisoformat(str(body["deadline"])),
        origin_market=Market(str(body["origin_market"])),
        unit_fee_fen=fee_fen,
        splittable=bool(body["splittable"]),
        min_lot=int(str(body["min_lot"])),
    )


def demo_batch(seed: int, load: float, weeks: int = WEEKS, per_week: int = PER_WEEK) -> DemoBatch:
    plan = sim_orders.DemandPlan.for_window(START, weeks, per_week, load)
    rng = random.Random(seed)
    bodies = [o.body for w in range(weeks) for o in sim_orders.orders_for_week(rng, plan, w)]
    orders = [_order(n, rng, b) for n, b in enumerate(bodies)]
    return DemoBatch(orders, providers())

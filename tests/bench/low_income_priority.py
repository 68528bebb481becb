"""Does the matcher's low-income priority move money to low-income households, and at what
freight? The same seeded batches placed twice: with the configured weight and with it at 0.

    .venv/bin/python -m tests.bench.low_income_priority [--seeds 5]

This is the matcher's own choice on seeded batches of the demo region (its 100 providers
and workforces, its offices' clients, the demo mix and fees), not a full ``procnet
simulate`` season: it isolates the one weight and nothing else.
Share of fees reaching low-income households: each placed lot's fee x its provider's
low-income members / workforce, over all placed fees. Freight: settlement's freight
(round trip, per-category rate calibrated to ~5 % of fees), over the same fees.
"""

from __future__ import annotations

import argparse
import random
import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from services.cli import demo_providers, demo_region, sim_orders
from services.matching.domain import (
    CapacityCalendar,
    County,
    Market,
    Mode,
    OrderToPlace,
    Provider,
    Workforce,
)
from services.matching.domain.costs import DEFAULT_WEIGHTS, CostWeights
from services.matching.domain.solver import place_batch
from services.settlement.domain.fees.freight import freight as settlement_freight
from tests.bench.matching_instances import Batch

DAY0 = date(2027, 4, 5)
ORDERS, LOAD, WINDOW = 60, 0.7, 14


def _providers() -> list[Provider]:
    out = []
    for d in demo_providers.providers():
        b = d.body
        out.append(
            Provider(
                id=uuid.UUID(b["id"]),
                name=b["name"],
                county=County(b["county"]),
                township=b["township"],
                village=b["village"],
                mode=Mode(b["mode"]),
                categories=b["categories"],
                workforce=Workforce(**b["workforce"]),
            )
        )
    return out


def batch(seed: int) -> Batch:
    """The demo region's 100 providers; orders from its offices' clients in the demo mix at
    the demo fees, ``LOAD`` of the region's capacity over a two-week window."""
    rng = random.Random(seed)
    providers = _providers()
    clients = [(o, c) for o in demo_region.offices() for c in o.clients]
    orders = []
    for _ in range(ORDERS):
        _, client = rng.choice(clients)
        cat = rng.choices(list(sim_orders.MIX), list(sim_orders.MIX.values()))[0]
        daily = sum(p.categories.get(cat, 0) for p in providers)
        share = sim_orders.MIX[cat] * ORDERS
        fee = Decimal(sim_orders.FEE_CNY[cat]) * Decimal(str(rng.uniform(0.85, 1.2))) * 100
        ready = DAY0 + timedelta(rng.randint(0, 4))
        orders.append(
            OrderToPlace(
                order_id=uuid.UUID(int=rng.getrandbits(128)),
                category=cat,
                quantity=max(1, int(LOAD * daily * WINDOW / share * rng.uniform(0.5, 1.5))),
                materials_ready=ready,
                deadline=ready + timedelta(WINDOW),
                origin_market=Market(client.home_market),
                unit_fee_fen=max(1, int(fee)),
            )
        )
    calendars = {
        (p.id, c): CapacityCalendar.for_provider(p, c) for p in providers for c in p.categories
    }
    return Batch(orders, providers, calendars)


@dataclass(frozen=True)
class Money:
    fees_fen: int
    low_income_fen: Fraction
    freight_millifen: int

    @property
    def low_income_share(self) -> float:
        return float(self.low_income_fen / self.fees_fen)

    @property
    def freight_share(self) -> float:
        return self.freight_millifen / 1000 / self.fees_fen


def money(seed: int, weights: CostWeights) -> Money:
    b = batch(seed)
    providers = {p.id: p for p in b.providers}
    orders = {o.order_id: o for o in b.orders}
    fees, low, freight = 0, Fraction(0), 0
    for placement in place_batch(b.orders, b.providers, b.calendars, weights).placements:
        order = orders[placement.order_id]
        for lot in placement.lots:
            p, units = providers[lot.provider_id], sum(lot.schedule.values())
            fee = units * order.unit_fee_fen
            fees += fee
            low += Fraction(fee * p.workforce.low_income, p.workforce.total)
            line = settlement_freight(order.category, units, p.county, order.origin_market)
            freight += 1000 * (line.amount_fen or 0)
    return Money(fees, low, freight)


def compare(seeds: int) -> tuple[Money, Money]:
    runs = [
        [money(s, w) for s in range(1, seeds + 1)]
        for w in (DEFAULT_WEIGHTS, replace(DEFAULT_WEIGHTS, low_income=0))
    ]
    with_w, without = (
        Money(
            sum(m.fees_fen for m in r),
            sum((m.low_income_fen for m in r), Fraction(0)),
            sum(m.freight_millifen for m in r),
        )
        for r in runs
    )
    return with_w, without


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    seeds = parser.parse_args().seeds
    with_w, without = compare(seeds)
    print(f"{seeds} seeded batches of {ORDERS} orders on the demo region's 100 providers")
    print(f"{'':14}{'fees placed (yuan)':>20}{'low-income share':>18}{'freight / fees':>16}")
    for name, m in ((f"weight {DEFAULT_WEIGHTS.low_income}", with_w), ("weight 0", without)):
        fees = f"{m.fees_fen / 100:,.0f}"
        print(f"{name:14}{fees:>20}{m.low_income_share:>18.1%}{m.freight_share:>16.2%}")


if __name__ == "__main__":
    main()

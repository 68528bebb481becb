"""The report's figures, computed from what the simulated users saw (no database reads).

Transport is estimated with the region's ``transport_cost_fen`` (the one the matcher uses)
(round trip, provider's county seat to the order's market), so the report
and the matcher price a kilometre the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from services.cli import demo_providers, metrics
from services.cli.sim_state import SimState
from services.cli.sim_work import world_finish
from shared.region import County, Market, transport_cost_fen

PROVIDERS = {p.id: p for p in demo_providers.providers()}


@dataclass
class Figures:
    orders: int = 0
    placed: int = 0
    unmatched: int = 0
    short_units: int = 0
    on_time: Fraction | None = None
    on_time_without: Fraction | None = None
    p50_s: float | None = None
    p95_s: float | None = None
    offer_times: int = 0
    fees_fen: int = 0
    transport_fen: int = 0
    transport_share: Fraction | None = None
    low_income_share: Fraction | None = None
    utilisation: dict[tuple[str, int], float | None] = field(default_factory=dict)
    weekly_on_time: dict[int, tuple[Fraction | None, Fraction | None]] = field(default_factory=dict)
    moved: Counter[str] = field(default_factory=Counter)
    routes: Counter[tuple[str, str]] = field(default_factory=Counter)


def compute(state: SimState) -> Figures:
    f = Figures(orders=len(state.orders))
    by_order: dict[str, list[str]] = defaultdict(list)
    for job in state.jobs.values():
        by_order[job.order_id].append(job.id)
    f.placed = len(by_order)
    f.unmatched = sum(1 for o in state.orders.values() if o.status == "UNMATCHED")
    placed_units = Counter({o: sum(state.jobs[j].units for j in js) for o, js in by_order.items()})
    f.short_units = sum(max(0, o.quantity - placed_units[i]) for i, o in state.orders.items())
    _timing(state, f)
    _on_time(state, f, by_order)
    _money(state, f)
    _utilisation(state, f)
    _moved(state, f)
    return f


def _timing(state: SimState, f: Figures) -> None:
    waits = [o.first_offer - o.submitted for o in state.orders.values() if o.first_offer]
    f.offer_times = len(waits)
    f.p50_s, f.p95_s = metrics.percentile(waits, 50), metrics.percentile(waits, 95)


def _on_time(state: SimState, f: Figures, by_order: dict[str, list[str]]) -> None:
    with_b: dict[str, bool] = {}
    without: dict[str, bool] = {}
    for order_id, job_ids in by_order.items():
        jobs = [state.jobs[j] for j in job_ids]
        deadline = state.orders[order_id].deadline
        pairs = [(world_finish(state, j), deadline) for j in jobs if j.units]
        with_b[order_id] = metrics.order_on_time(pairs)
        first = [(world_finish(state, j, j.accepted_schedule), deadline) for j in jobs
                 if j.from_offer and j.accepted_schedule]  # fmt: skip
        without[order_id] = metrics.order_on_time(first)
    f.on_time = metrics.on_time_rate(with_b.values())
    f.on_time_without = metrics.on_time_rate(without.values())
    weeks: dict[int, list[str]] = defaultdict(list)
    for order_id in with_b:
        weeks[_week_of(state, state.orders[order_id].deadline)].append(order_id)
    for week, ids in sorted(weeks.items()):
        f.weekly_on_time[week] = (
            metrics.on_time_rate(with_b[i] for i in ids),
            metrics.on_time_rate(without[i] for i in ids),
        )


def _week_of(state: SimState, day: date) -> int:
    return (day - state.start).days // 7


def _money(state: SimState, f: Figures) -> None:
    low_income = 0
    for job in state.jobs.values():
        order, provider = state.orders[job.order_id], PROVIDERS.get(job.provider_id)
        units = job.good if job.delivered else 0
        fee = units * order.fee_fen
        f.fees_fen += fee
        if provider is None:
            continue
        county, market = County(provider.county), Market(order.market)
        f.transport_fen += transport_cost_fen(units, county, market)
        low_income += fee if provider.body["workforce"]["low_income"] > 0 else 0
    f.transport_share = metrics.share(f.transport_fen, f.fees_fen)
    f.low_income_share = metrics.share(low_income, f.fees_fen)


def _utilisation(state: SimState, f: Figures) -> None:
    for row in state.loads:
        u = metrics.utilisation(row["planned_units"], row["capacity_units"])
        f.utilisation[(row["county"], row["week"])] = u


def _moved(state: SimState, f: Figures) -> None:
    for t in state.transfers:
        f.moved[f"transfers {t['state']}"] += 1
        if t["state"] == "completed":
            f.moved["units moved"] += t["units"]
            f.moved["transport fen"] += t["transport_cost_fen"]
            src, dst = PROVIDERS.get(t["from_provider_id"]), PROVIDERS.get(t["to_provider_id"])
            if src and dst:
                f.routes[(src.county, dst.county)] += t["units"]

"""The report's figures, computed from what the simulated users saw (no database reads).

Every share carries its denominator (``Tally``). Transport is estimated with
the region's ``transport_cost_fen`` (the one the matcher uses; round trip,
provider's county seat to the order's market), so the report and the matcher
price a kilometre the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from services.cli import demo_providers, demo_region, metrics, utilisation
from services.cli.metrics import Tally
from services.cli.sim_state import SimState
from services.cli.sim_work import world_finish
from shared.region import County, Market, transport_cost_fen

PROVIDERS = {p.id: p for p in demo_providers.providers()}
NONE_YET = Tally(0, 0)  # frozen, so one instance can be every default


@dataclass
class Figures:
    first_day: date
    last_day: date  # the window's last day
    orders: int = 0  # submitted
    placed: int = 0  # with at least one job
    partly_placed: int = 0  # placed, but some units found no provider
    unmatched: int = 0
    ordered_units: int = 0
    placed_units: int = 0
    short_units: int = 0
    on_time: Tally = NONE_YET  # placed orders whose every job finished by the deadline
    on_time_without: Tally = NONE_YET
    jobs: Tally = NONE_YET  # jobs delivered by the window's last day, of jobs with work
    delivered: int = 0  # jobs delivered by the end of the run (the window and its work-off)
    last_delivery: date | None = None
    recorded: int = 0  # jobs whose delivery matching accepted (the rest: simulated world only)
    refused: int = 0  # delivery reports matching refused
    unsent: int = 0  # deliveries matching would refuse (future-dated), so not sent
    p50_s: float | None = None
    p95_s: float | None = None
    offer_times: int = 0
    fees_fen: int = 0  # in the simulated world: every delivered job's good units
    recorded_fees_fen: int = 0  # only the deliveries matching recorded
    transport_fen: int = 0
    transport_share: Fraction | None = None
    low_income_share: Fraction | None = None  # fee weighted by low-income share of workforce
    any_low_income_share: Fraction | None = None  # fee of enterprises with any such member
    load: utilisation.Utilisation | None = None
    weekly_on_time: dict[int, tuple[Tally, Tally]] = field(default_factory=dict)
    seasons: list[demo_region.Season] = field(default_factory=list)  # in the weeks of the run
    next_season: demo_region.Season | None = None
    moved: Counter[str] = field(default_factory=Counter)
    routes: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def work_end(self) -> date:
        """The last day with work: the window's end or the last delivery after it."""
        return max(self.last_day, self.last_delivery or self.last_day)

    def nothing_to_compare(self) -> str | None:
        """Why the runs with and without the balancer cannot differ, or None when they can."""
        if self.moved.get("transfers completed", 0):
            return None
        span = f"{self.first_day} to {self.work_end}"
        if not self.seasons:
            nxt = self.next_season
            later = f"; the next, {nxt.name}, starts {nxt.start}" if nxt else ""
            return (
                f"No season fell in this run ({span}, the window and its work{later}), so no "
                "workers left and the "
                "balancer had nothing to move: the on-time figures with and without it are the "
                "same by construction, not a measured result."
            )
        names = ", ".join(s.name for s in self.seasons)
        return (
            f"Seasons in this run ({span}): {names}. The balancer completed no transfer, so "
            "the on-time figures with and without it are the same by construction."
        )


def compute(state: SimState) -> Figures:
    f = Figures(first_day=state.start, last_day=state.last_day, orders=len(state.orders))
    by_order: dict[str, list[str]] = defaultdict(list)
    for job in state.jobs.values():
        by_order[job.order_id].append(job.id)
    f.placed = len(by_order)
    f.unmatched = sum(1 for o in state.orders.values() if o.status == "UNMATCHED")
    placed_units = Counter({o: sum(state.jobs[j].units for j in js) for o, js in by_order.items()})
    f.ordered_units = sum(o.quantity for o in state.orders.values())
    f.placed_units = sum(placed_units.values())
    f.short_units = sum(max(0, o.quantity - placed_units[i]) for i, o in state.orders.items())
    f.partly_placed = sum(1 for i in by_order if placed_units[i] < state.orders[i].quantity)
    _deliveries(state, f)
    _timing(state, f)
    _on_time(state, f, by_order)
    _money(state, f)
    f.load = utilisation.compute(state)
    _moved(state, f)
    _seasons(f)
    return f


def _deliveries(state: SimState, f: Figures) -> None:
    working = [j for j in state.jobs.values() if j.units]
    done = [j.delivered_on for j in working if j.delivered and j.delivered_on]
    f.jobs = Tally(sum(1 for d in done if d <= state.last_day), len(working))
    f.delivered = len(done)
    f.last_delivery = max(done, default=None)
    f.recorded = sum(1 for j in working if j.recorded)
    for (what, outcome), n in state.reports.items():
        if what == "delivery":
            f.refused += n if outcome.startswith("refused") else 0
            f.unsent += n if outcome.startswith("not sent") else 0


def _seasons(f: Figures) -> None:
    f.seasons = [s for s in demo_region.seasons() if s.start <= f.work_end and s.end >= f.first_day]
    f.next_season = min(
        (s for s in demo_region.seasons() if s.start > f.work_end), key=lambda s: s.start,
        default=None,
    )  # fmt: skip


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
    f.on_time = _tally(with_b.values())
    f.on_time_without = _tally(without.values())
    weeks: dict[int, list[str]] = defaultdict(list)
    for order_id in with_b:
        weeks[_week_of(state, state.orders[order_id].deadline)].append(order_id)
    for week, ids in sorted(weeks.items()):
        f.weekly_on_time[week] = (_tally(with_b[i] for i in ids), _tally(without[i] for i in ids))


def _tally(flags: Iterable[bool]) -> Tally:
    seen = list(flags)
    return Tally(sum(seen), len(seen))


def _week_of(state: SimState, day: date) -> int:
    return (day - state.start).days // 7


def _money(state: SimState, f: Figures) -> None:
    low_income, any_low = Fraction(0), 0
    for job in state.jobs.values():
        order, provider = state.orders[job.order_id], PROVIDERS.get(job.provider_id)
        units = job.good if job.delivered else 0
        fee = units * order.fee_fen
        f.fees_fen += fee
        f.recorded_fees_fen += fee if job.recorded else 0
        if provider is None:
            continue
        county, market = County(provider.county), Market(order.market)
        f.transport_fen += transport_cost_fen(units, county, market)
        workforce = provider.body["workforce"]
        # each yuan counts by the share of the enterprise's workers from low-income households
        low_income += Fraction(fee * workforce["low_income"], workforce["total"])
        any_low += fee if workforce["low_income"] > 0 else 0
    f.transport_share = metrics.share(f.transport_fen, f.fees_fen)
    f.low_income_share = low_income / f.fees_fen if f.fees_fen else None
    f.any_low_income_share = metrics.share(any_low, f.fees_fen)


def _moved(state: SimState, f: Figures) -> None:
    for t in state.transfers:
        f.moved[f"transfers {t['state']}"] += 1
        if t["state"] == "completed":
            f.moved["units moved"] += t["units"]
            f.moved["transport fen"] += t["transport_cost_fen"]
            src, dst = PROVIDERS.get(t["from_provider_id"]), PROVIDERS.get(t["to_provider_id"])
            if src and dst:
                f.routes[(src.county, dst.county)] += t["units"]

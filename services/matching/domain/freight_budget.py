"""The low-income priority as a freight budget: the most fee to low-income households
for at most a set share of extra transport.

A county does not say "3,000 millifen a unit"; it says "we will pay up to 2 % more
freight to bring work to low-income households". Per batch the matcher therefore:

1. solves the batch with the low-income weight at 0: the *cost-only plan*, whose
   transport ``T0`` and units placed ``P0`` are the reference;
2. searches the low-income weight ``w`` (the ``low_income`` term of costs.py): every
   probe is one ordinary solve of the batch (solver.solve_component per component,
   lot rules and all) with the options re-costed at ``w``; a plan is *admissible* when
   its transport is at most ``T0 + T0 * basis_points / 10,000`` (with counties' own
   budgets, each county's share of ``T0`` at its own rate: budget_policy.py) and it
   places exactly ``P0`` units (no fewer, and no more than the cost-only plan either);
3. keeps the admissible plan that brings the most low-income fee (the cost-only plan
   is admissible, so there always is one), where a plan may mix the components'
   plans of different probes (components share no capacity): the best mix within the
   limit is picked over a Pareto front of (transport, fee), so a component where the
   priority buys much fee per yuan of freight can take a high weight's plan while
   another keeps the cost-only one. On the demo region this is what brings the search
   close to the exact model's bound (exact_budget.py, BENCHMARKS.md row 7).

The search starts at the default weight, grows it ``GROWTH``-fold while admissible, then narrows the
bracket [admissible, not admissible] by interpolating on the transport excess (clamped
to the middle half of the bracket, so it always shrinks by at least a quarter). It stops
after ``probes`` solves beyond the cost-only one, or as soon as an admissible plan leaves
less than ``NEARLY_SPENT`` % of the extra budget unspent. OR-Tools' SimpleMinCostFlow cannot
change an arc's cost after it is added, so there is no warm start: each probe builds
the flow anew, but the candidates, their costs and the components are computed once.

From ``SolverLimits.prune_from`` providers on, the full problem (every order x provider
x day) is never built: every solve (the cost-only one and each probe) is one pruned
min-cost flow of the whole batch at that weight (pruning.py), proven equal to the full
graph's optimum at that weight, split into components by category and overlapping
dates (budget_parts.py says why that is exact and what it keeps of the mix). When the
pruned flow breaks a lot rule the batch is solved the full way above.
Why a weight search and not an exact model: exact_budget.py and BENCHMARKS.md row 7
(2026-12-01 05:00): the integer model finds no plan on the demo region in 60 s.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from services.matching.domain.budget_parts import NotExact, Parts, ProblemParts, PrunedParts
from services.matching.domain.budget_policy import BASIS_POINTS, CountyBudgets, FreightBudget
from services.matching.domain.costs import (
    DEFAULT_WEIGHTS,
    NO_MARKET_RECORD,
    CostWeights,
    low_income_fee,
)
from services.matching.domain.feasibility import Calendars
from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import BatchResult, Placement
from services.matching.domain.problem import build_problem
from services.matching.domain.provider import OnTimeHistory, Provider
from services.matching.domain.solver import DEFAULT_LIMITS, SolverLimits
from services.matching.domain.vocabulary import County

DEFAULT_PROBES = 2  # 3 brings more fee (BENCHMARKS.md row 7) but takes 2.6-3.7x one solve
GROWTH = 2  # the weight's step while every probe is within the budget
NEARLY_SPENT = 10  # stop once less than this % of the extra budget is left unspent
DEFAULT_BUDGET = FreightBudget()  # 2 %
__all__ = ["CountyBudgets", "FreightBudget", "place_batch_within_budget"]


@dataclass(frozen=True)
class PlanFigures:
    transport_millifen: int
    low_income_fee_fen: int
    placed: int
    # transport per provider county (what a county's budget is a share of)
    by_county: dict[County, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PriorityOutcome:
    """What the priority bought in one batch (recorded per batch for the federation)."""

    budget: CountyBudgets
    cost_only: PlanFigures
    plan: PlanFigures
    weight: int  # the highest low-income weight among the plans kept, millifen a unit
    solves: int

    @property
    def transport_limit(self) -> int:
        return self.budget.limit(self.cost_only.by_county)

    @property
    def basis_points(self) -> int:
        """The batch's budget as one share of its cost-only transport (the counties'
        budgets weighted by their transport in the cost-only plan)."""
        t0 = self.cost_only.transport_millifen
        return (self.transport_limit - t0) * BASIS_POINTS // t0 if t0 else 0

    @property
    def low_income_fee_gained_fen(self) -> int:
        return self.plan.low_income_fee_fen - self.cost_only.low_income_fee_fen


@dataclass(frozen=True)
class BudgetedResult:
    result: BatchResult
    outcome: PriorityOutcome


_Entry = tuple[int, int, int, tuple[list[Placement], ...]]  # transport, fee, weight, plans


@dataclass(frozen=True)
class _Probe:
    weight: int
    parts: list[list[Placement]]  # per component
    figures: PlanFigures

    @property
    def placements(self) -> list[Placement]:
        return [p for part in self.parts for p in part]


class _Batch:
    """The search's state over a batch whose plans come from ``parts`` (budget_parts.py)."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.floor: list[int] = []  # units the cost-only plan places, per component
        self.kept: list[list[Placement]] = []  # the best admissible plan so far, per component
        # every distinct plan seen per component that places its floor: (transport, fee,
        # weight, plan); the final plan may mix them (mix())
        self.seen: list[dict[tuple[int, int], tuple[int, list[Placement]]]] = []
        self._known: dict[int, tuple[list[Placement], PlanFigures]] = {}

    def cost_only(self) -> _Probe:
        self.kept = self.parts.solve(0)
        self.floor = [_placed(part) for part in self.kept]
        self.seen = [{} for _ in self.kept]
        for i, part in enumerate(self.kept):
            self._see(i, 0, part)
        return self._probe(0, self.kept)

    def _see(self, i: int, weight: int, plan: list[Placement]) -> None:
        f = self._probe(weight, [plan]).figures
        self.seen[i].setdefault((f.transport_millifen, f.low_income_fee_fen), (weight, plan))

    def mix(self, limit: int) -> _Probe:
        """The plans seen, one per component, with the most fee within `limit`: components
        share no capacity, so each may keep the plan of a different weight. A Pareto front
        over (transport, fee), merged component by component, thinned when large."""
        front: list[_Entry] = [(0, 0, 0, ())]
        for seen in self.seen:
            merged = [
                (t + pt, f + pf, max(w, pw), (*plans, plan))
                for t, f, w, plans in front
                for (pt, pf), (pw, plan) in seen.items()
                if t + pt <= limit
            ]
            front = _pareto(merged)
        _, _, w, plans = max(front, key=lambda e: (e[1], -e[0]))
        return self._probe(w, list(plans))

    def keep(self, probe: _Probe) -> None:
        self.kept = probe.parts

    def probe(self, weight: int) -> _Probe:
        """Under lot rules the solver's repair is a heuristic, so a re-costed component can
        place fewer (or more) units than the cost-only plan; that component keeps the best
        plan found so far, so the plan places exactly the cost-only units (components
        share no capacity, so any mix of their plans is a valid plan)."""
        found = []
        solved = self.parts.solve(weight)
        for mine, floor, kept in zip(solved, self.floor, self.kept, strict=True):
            found.append(mine if _placed(mine) == floor else kept)
            if _placed(mine) == floor:
                self._see(len(found) - 1, weight, mine)
        return self._probe(weight, found)

    def _probe(self, weight: int, parts: list[list[Placement]]) -> _Probe:
        fee = placed = 0
        by_county: Counter[County] = Counter()
        for part in parts:
            f = self._figures(part)
            fee += f.low_income_fee_fen
            placed += f.placed
            by_county.update(f.by_county)
        freight = sum(by_county.values())
        return _Probe(weight, parts, PlanFigures(freight, fee, placed, dict(by_county)))

    def _figures(self, part: list[Placement]) -> PlanFigures:
        """One component's plan's figures, computed once per plan (a plan is summed again
        in every probe and mix that keeps it; at 10,000 providers it has ~19,000 lots)."""
        known = self._known.get(id(part))
        if known is not None and known[0] is part:
            return known[1]
        fee = placed = 0
        by_county: Counter[County] = Counter()
        for p in part:
            for lot in p.lots:
                terms = self.parts.terms((p.order_id, lot.provider_id))
                units = lot.units
                by_county[terms.county] += units * terms.freight
                fee += low_income_fee(terms.workforce, terms.unit_fee_fen, units)
                placed += units
        figures = PlanFigures(sum(by_county.values()), fee, placed, dict(by_county))
        self._known[id(part)] = (part, figures)  # the plan kept alive: its id stays its own
        return figures


def place_batch_within_budget(
    orders: Iterable[OrderToPlace],
    providers: Iterable[Provider],
    calendars: Calendars | None = None,
    budget: FreightBudget | CountyBudgets = DEFAULT_BUDGET,
    weights: CostWeights = DEFAULT_WEIGHTS,
    limits: SolverLimits = DEFAULT_LIMITS,
    market: OnTimeHistory = NO_MARKET_RECORD,
    probes: int = DEFAULT_PROBES,
) -> BudgetedResult:
    """Like solver.place_batch, with the low-income weight chosen per batch (see above);
    `weights.low_income` is where the search starts; `budget` is one budget for every
    county or the counties' own (budget_policy.py)."""
    budgets = budget if isinstance(budget, CountyBudgets) else CountyBudgets.everywhere(budget)
    given, pool = list(orders), list(providers)
    zero = replace(weights, low_income=0)  # the cost-only plan's weights
    start = max(1, weights.low_income)
    if len(pool) >= limits.prune_from:
        pruned = PrunedParts(given, pool, calendars or {}, zero, market)
        try:
            return _within(_Batch(pruned), given, budgets, start, probes)
        except NotExact:
            pass  # a lot rule binds: the full problem, as below
    problem = build_problem(given, pool, calendars or {}, zero, market)
    return _within(_Batch(ProblemParts(problem, zero, limits)), given, budgets, start, probes)


def _within(
    batch: _Batch, given: list[OrderToPlace], budgets: CountyBudgets, start: int, probes: int
) -> BudgetedResult:
    """The search over ``batch`` and its best (mixed) plan."""
    cost_only = batch.cost_only()
    best, solves = _search(batch, cost_only, budgets, start, probes)
    mixed = batch.mix(budgets.limit(cost_only.figures.by_county))
    if mixed.figures.low_income_fee_fen > best.figures.low_income_fee_fen:
        best = mixed
    by_id = {p.order_id: p for p in best.placements}
    result = BatchResult(tuple(by_id[o.order_id] for o in given))
    outcome = PriorityOutcome(budgets, cost_only.figures, best.figures, best.weight, solves)
    return BudgetedResult(result, outcome)


MAX_FRONT = 2_000


def _pareto(entries: list[_Entry]) -> list[_Entry]:
    """Entries no other beats on both transport (lower) and fee (higher); at most
    MAX_FRONT of them, evenly spread, so many components stay cheap."""
    front: list[_Entry] = []
    for e in sorted(entries, key=lambda e: (e[0], -e[1])):
        if not front or e[1] > front[-1][1]:
            front.append(e)
    if len(front) > MAX_FRONT:
        step = len(front) / MAX_FRONT
        front = [front[int(k * step)] for k in range(MAX_FRONT - 1)] + [front[-1]]
    return front


def _placed(placements: list[Placement]) -> int:
    return sum(p.placed for p in placements)


def _search(
    batch: _Batch, cost_only: _Probe, budget: CountyBudgets, start: int, probes: int
) -> tuple[_Probe, int]:
    """The admissible probe with the most low-income fee, and how many solves it took."""
    limit = budget.limit(cost_only.figures.by_county)

    spent_enough = limit - (limit - cost_only.figures.transport_millifen) * NEARLY_SPENT // 100

    def admissible(p: _Probe) -> bool:
        f = p.figures
        return f.transport_millifen <= limit and f.placed == cost_only.figures.placed

    best, low, high = cost_only, cost_only, None
    weight, solves = start, 1
    if cost_only.figures.placed == 0:
        return best, solves  # nothing to place, nothing to prefer
    if cost_only.figures.low_income_fee_fen >= batch.parts.fee_bound():
        return best, solves  # no plan brings more fee: budget_parts.fee_bound says why
    while solves <= probes:
        found = batch.probe(weight)
        solves += 1
        if admissible(found):
            if found.figures.low_income_fee_fen > best.figures.low_income_fee_fen:
                best = found
                batch.keep(found)
            low = found
            if found.figures.transport_millifen >= spent_enough:
                break  # the budget is (nearly) spent: a higher weight can only overshoot
        else:
            high = found
        following = _next_weight(low, high, limit)
        if following is None:
            break
        weight = following
    return best, solves


def _next_weight(low: _Probe, high: _Probe | None, limit: int) -> int | None:
    """Double while nothing failed; then interpolate the transport inside the bracket."""
    if high is None:
        return low.weight * GROWTH
    a, b = low.weight, high.weight
    if b - a <= 1:
        return None
    ta, tb = low.figures.transport_millifen, high.figures.transport_millifen
    guess = a + (b - a) * (limit - ta) // (tb - ta) if tb > ta else (a + b) // 2
    quarter = max(1, (b - a) // 4)
    return min(max(guess, a + quarter), b - quarter)

"""Each cost term moves the right way when its factor moves, all else equal."""

from dataclasses import replace

from services.matching.domain import (
    Candidate,
    CapacityCalendar,
    CostWeights,
    County,
    OnTimeHistory,
    Provider,
    Workforce,
    find_candidates,
    lot_cost,
    unit_cost,
)
from services.matching.domain.feasibility import Calendars

from .builders import BEADS, day, order, provider

ORDER = order(1, 20, ready=0, deadline=6)


def only_candidate(p: Provider, calendars: Calendars | None = None, qty: int = 20) -> Candidate:
    (c,) = find_candidates(replace(ORDER, quantity=qty), [p], calendars or {})
    return c


def cost(p: Provider, calendars: Calendars | None = None, qty: int = 20) -> int:
    return unit_cost(only_candidate(p, calendars, qty)).total


def booked(p: Provider, units_per_day: int) -> Calendars:
    days = {day(n): units_per_day for n in range(10)}
    return {(p.id, BEADS): CapacityCalendar.for_provider(p, BEADS, booked=days)}


def test_transport_grows_with_distance() -> None:
    counties = [County.JINYUN, County.LIANDU, County.SONGYANG, County.SUICHANG]
    costs = [cost(provider(1, county=c)) for c in counties]
    assert costs == sorted(costs) and costs[0] < costs[-1]


def test_tighter_window_capacity_raises_lateness_risk() -> None:
    risks = [unit_cost(only_candidate(provider(1, units=u))).lateness for u in (4, 8, 20, 50)]
    assert risks == sorted(risks, reverse=True) and risks[0] > risks[-1]


def test_a_bigger_order_is_riskier_for_the_same_provider() -> None:
    p = provider(1, units=10)
    assert cost(p, qty=40) > cost(p, qty=5)


def test_more_low_income_workers_lowers_cost() -> None:
    shares = [0, 5, 10, 20]
    costs = [cost(provider(1, workforce=Workforce(total=20, low_income=s))) for s in shares]
    assert costs == sorted(costs, reverse=True) and costs[0] > costs[-1]


def test_higher_utilisation_raises_cost() -> None:
    p = provider(1, units=100)
    costs = [cost(p, booked(p, b)) for b in (0, 30, 60, 90)]
    assert costs == sorted(costs) and costs[0] < costs[-1]


def test_a_worse_delivery_record_raises_cost() -> None:
    records = [(10, 0), (10, 2), (10, 5), (10, 10)]
    hist = [OnTimeHistory(delivered_jobs=d, late_jobs=late) for d, late in records]
    costs = [cost(provider(1, history=h)) for h in hist]
    assert costs == sorted(costs) and costs[0] < costs[-1]


def test_a_newcomer_is_neither_trusted_nor_distrusted() -> None:
    newcomer = unit_cost(only_candidate(provider(1))).reliability
    assert newcomer == CostWeights().reliability // 2


def test_a_workforce_of_zero_gets_no_low_income_priority() -> None:
    empty = unit_cost(only_candidate(provider(1, workforce=Workforce(total=0)))).low_income
    assert empty == CostWeights().low_income


def test_weights_scale_their_own_term_only() -> None:
    c = only_candidate(provider(1))
    base = unit_cost(c)
    doubled = unit_cost(c, CostWeights(low_income=6_000))
    assert doubled.low_income == 2 * base.low_income
    assert doubled.total - base.total == base.low_income


def test_lot_cost_is_units_times_unit_cost_and_integer() -> None:
    c = only_candidate(provider(1))
    assert lot_cost(c, 7) == 7 * unit_cost(c).total
    assert isinstance(lot_cost(c, 7), int)

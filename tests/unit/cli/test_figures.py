"""Figures from a hand-made simulated state: counts, times, shares, counterfactual."""

from datetime import date, timedelta
from fractions import Fraction

from services.cli import demo_providers, figures
from services.cli.sim_state import JobRec, OrderRec, SimState

MON = date(2027, 3, 15)
LOW, NONE = (
    next(p for p in demo_providers.providers() if p.body["workforce"]["low_income"] > 0),
    next(p for p in demo_providers.providers() if p.body["workforce"]["low_income"] == 0),
)


def _order(oid: str, deadline: date, submitted: float, offer: float | None) -> OrderRec:
    return OrderRec(oid, "office", "yiwu", "knitting", 1000, 200, deadline, 0, submitted, offer)


def _job(jid: str, oid: str, provider: str, days: int, from_offer: bool = True) -> JobRec:
    plan = {MON + timedelta(days=i): 100 for i in range(days)}
    return JobRec(jid, oid, provider, "knitting", 100 * days, plan, MON + timedelta(days=20), MON,
                  from_offer, dict(plan), delivered=True, good=100 * days)  # fmt: skip


def _state() -> SimState:
    s = SimState(MON, 2)
    s.orders = {
        "a": _order("a", MON + timedelta(days=20), 0.0, 1.0),
        "b": _order("b", MON + timedelta(days=20), 0.0, 3.0),
        "c": _order("c", MON + timedelta(days=20), 0.0, None),
    }
    s.orders["c"].status = "UNMATCHED"
    s.jobs = {"j1": _job("j1", "a", LOW.id, 5), "j2": _job("j2", "b", NONE.id, 5)}
    return s


def test_counts_times_and_shares() -> None:
    f = figures.compute(_state())
    assert (f.orders, f.placed, f.unmatched) == (3, 2, 1)
    assert f.short_units == 500 + 500 + 1000
    assert (f.p50_s, f.offer_times) == (2.0, 2)
    assert f.fees_fen == 1000 * 200
    assert f.low_income_share == Fraction(1, 2)
    assert f.transport_share is not None and 0 < f.transport_share < Fraction(1, 5)


def test_leave_makes_the_counterfactual_late_and_a_transfer_saves_it() -> None:
    s = _state()
    s.leave[LOW.id] = (MON, MON + timedelta(days=30), 0.0)  # everyone away for a month
    moved = _job("j3", "a", NONE.id, 5, from_offer=False)  # the balancer moved the work
    s.jobs["j1"].schedule, s.jobs["j1"].units = {}, 0
    s.jobs["j3"] = moved
    f = figures.compute(s)
    assert f.on_time_without == Fraction(1, 2)  # order a late without the transfer
    assert f.on_time == Fraction(1, 1)

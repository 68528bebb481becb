"""A hand-made simulated state for the report's tests: two weeks in December, no season."""

from __future__ import annotations

from datetime import date, timedelta

from services.cli import demo_providers
from services.cli.sim_orders import DemandPlan
from services.cli.sim_state import JobRec, OrderRec, SimState

MON = date(2026, 12, 7)  # two weeks from here hold no demo season; the next starts 2027-01-30
LOW = next(p for p in demo_providers.providers() if p.body["workforce"]["low_income"] > 0)
NONE = next(p for p in demo_providers.providers() if p.body["workforce"]["low_income"] == 0)


def order(oid: str, deadline: date, submitted: float = 0.0, offer: float | None = 1.0) -> OrderRec:
    return OrderRec(oid, "office", "yiwu", "knitting", 1000, 200, deadline, 0, submitted, offer)


def job(jid: str, oid: str, provider: str, first: date, days: int, per_day: int = 100) -> JobRec:
    """A delivered job made `per_day` units a day from `first`, reported on the Sunday after."""
    plan = {first + timedelta(days=i): per_day for i in range(days)}
    last, units = max(plan), per_day * days
    sunday = last + timedelta(days=6 - last.weekday())
    return JobRec(jid, oid, provider, "knitting", units, plan, first + timedelta(days=20), first,
                  True, dict(plan), delivered=True, good=units, delivered_on=sunday)  # fmt: skip


def state(start: date = MON, weeks: int = 2, per_week: int = 40, load: float = 0.8) -> SimState:
    """Orders a and b placed (a with a low-income provider), c unmatched."""
    s = SimState(start, weeks)
    s.plan = DemandPlan.for_window(start, weeks, per_week, load)
    due = start + timedelta(days=20)
    s.orders = {"a": order("a", due, 0.0, 1.0), "b": order("b", due, 0.0, 3.0),
                "c": order("c", due, 0.0, None)}  # fmt: skip
    s.orders["c"].status = "UNMATCHED"
    s.jobs = {"j1": job("j1", "a", LOW.id, start, 5), "j2": job("j2", "b", NONE.id, start, 5)}
    return s

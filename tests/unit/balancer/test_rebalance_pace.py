"""The rebalancer's pace under load: a long run makes the next wait, the calendar's
remembered units follow every change to what they were computed from, and the EDF that
looks only at released work equals the plain day-by-day one."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from services.balancer import workers
from services.balancer.config import BalancerSettings
from services.balancer.domain import CalendarException, Provider, Season
from services.balancer.domain.load.edf import EdfTask, schedule_edf
from tests.unit.balancer.builders import CAT, day, uid, view_with


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def paced(monkeypatch: pytest.MonkeyPatch) -> tuple[workers.RebalanceWhenDue, FakeClock, list[int]]:
    clock, runs = FakeClock(), []

    async def requested(uow: Any) -> bool:
        return True  # offers keep being accepted: every poll finds a request

    async def run(uow: Any, settings: Any, now: Any) -> Any:
        runs.append(1)
        clock.now += 2.0  # a run over thousands of jobs takes two seconds

        class Report:
            at_risk = proposed = 0

        return Report()

    monkeypatch.setattr(workers, "time", clock)
    monkeypatch.setattr(workers, "rebalance_requested", requested)
    monkeypatch.setattr(workers, "rebalance_now", run)
    monkeypatch.setattr(workers, "balancer_uow", lambda infra: None)
    due = workers.RebalanceWhenDue(None, BalancerSettings(rebalance_max_share=0.25))  # type: ignore[arg-type]
    return due, clock, runs


async def test_a_two_second_run_rests_six_seconds_while_requests_keep_coming(
    paced: tuple[workers.RebalanceWhenDue, FakeClock, list[int]],
) -> None:
    due, clock, runs = paced
    await due()
    assert len(runs) == 1
    for _ in range(5):  # the poller wakes every second: the requests wait (old code ran)
        clock.now += 1.0
        await due()
    assert len(runs) == 1
    clock.now += 1.0  # six seconds after the run: a quarter of the time was planning
    await due()
    assert len(runs) == 2


def test_remembered_units_follow_seasons_exceptions_and_counts() -> None:
    view = view_with(("P1", "Jinyun", "Hukou", 10))
    cal, p = view.calendar, uid("P1")
    assert cal.units(p, CAT, day(1)) == 10
    cal.put_season(Season.of("tea_picking", day(0), day(3), {"Jinyun": "0.5"}))
    assert cal.units(p, CAT, day(1)) == 5
    cal.put_exception(CalendarException.of(p, day(1), "0.3"))
    assert cal.units(p, CAT, day(1)) == 3
    cal.put_units(p, CAT, day(1), 7)
    assert cal.units(p, CAT, day(1)) == 7
    cal.drop_units(p, CAT, day(1))
    assert cal.units(p, CAT, day(1)) == 3
    cal.put_provider(Provider.of(p, "Jinyun", "Hukou", {CAT: 20}))
    assert cal.units(p, CAT, day(1)) == 6
    cal.remove_season("tea_picking")
    assert cal.units(p, CAT, day(2)) == 20


def _edf_day_by_day(tasks: list[EdfTask], cap: dict[date, int], today: date, until: date) -> Any:
    """The plain EDF (every task looked at every day), the reference of the faster one."""
    left = {t.key: t.units for t in tasks if t.units > 0}
    finish: dict[Any, date | None] = dict.fromkeys(left)
    work: dict[Any, dict[date, int]] = {k: {} for k in left}
    used: dict[date, int] = {}
    d = today
    while d <= until and any(left.values()):
        free = cap.get(d, 0)
        ready = [t for t in tasks if left.get(t.key, 0) > 0 and t.release <= d]
        for t in sorted(ready, key=lambda t: (t.deadline < d, t.deadline, t.key)):
            units = min(free, left[t.key])
            if free == 0:
                break
            free, left[t.key] = free - units, left[t.key] - units
            work[t.key][d] = units
            if left[t.key] == 0:
                finish[t.key] = d
        used[d] = cap.get(d, 0) - free
        d += timedelta(days=1)
    return finish, work, used


@pytest.mark.parametrize("seed", range(40))
def test_edf_equals_the_day_by_day_reference(seed: int) -> None:
    rng = random.Random(seed)
    tasks = [
        EdfTask(uid(f"T{i}"), rng.choice([0, 5, 40, 300]), day(rng.randint(0, 20)),
                day(rng.randint(3, 40)))
        for i in range(rng.randint(0, 12))
    ]  # fmt: skip
    cap = {day(n): rng.choice([0, 0, 10, 25, 60]) for n in range(90)}
    until = day(rng.choice([10, 60, 89]))
    got = schedule_edf(tasks, lambda d: cap.get(d, 0), day(0), until)
    assert (got.finish, got.work, got.used) == _edf_day_by_day(tasks, cap, day(0), until)

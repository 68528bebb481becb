"""Earliest-deadline-first on one provider's capacity for one category.

Each day's units go to released work in deadline order, but work already past
its deadline yields to work that can still be on time (Glover's rule). That
order finishes the most units on time, so the late units it projects are the
fewest the provider alone could manage: the optimiser's baseline is honest.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID


@dataclass(frozen=True)
class EdfTask:
    key: UUID
    units: int
    release: date
    deadline: date


@dataclass
class EdfOutcome:
    """Per task: finish day (None if not within the horizon) and late units; per day: work."""

    finish: dict[UUID, date | None] = field(default_factory=dict)
    late: dict[UUID, int] = field(default_factory=dict)
    used: dict[date, int] = field(default_factory=dict)
    work: dict[UUID, dict[date, int]] = field(default_factory=dict)


def schedule_edf(
    tasks: Iterable[EdfTask], capacity: Callable[[date], int], today: date, until: date
) -> EdfOutcome:
    """Simulate day by day from `today` to `until` (inclusive) or until all work is done."""
    todo = sorted((t for t in tasks if t.units > 0), key=lambda t: t.release)
    left = {t.key: t.units for t in todo}
    outcome = EdfOutcome(finish=dict.fromkeys(left), work={k: {} for k in left})
    # Released unfinished work, and the next task to release: a day looks only at what it
    # can work on (a rebalancing run simulates every provider's year this way).
    active: list[EdfTask] = []
    waiting = 0
    day = today
    while day <= until and (active or waiting < len(todo)):
        while waiting < len(todo) and todo[waiting].release <= day:
            active.append(todo[waiting])
            waiting += 1
        if active:
            _work_one_day(active, left, capacity(day), day, outcome)
            active = [t for t in active if left[t.key] > 0]
        else:
            outcome.used[day] = 0  # nothing released yet: the day's capacity goes unused
        day += timedelta(days=1)
    outcome.late = {t.key: _late_units(t, outcome.work[t.key]) for t in todo}
    return outcome


def _work_one_day(
    active: list[EdfTask], left: dict[UUID, int], cap: int, day: date, outcome: EdfOutcome
) -> None:
    free = cap
    for task in sorted(active, key=lambda t: _priority(t, day)):
        if free == 0:
            break
        units = min(free, left[task.key])
        free -= units
        left[task.key] -= units
        outcome.work[task.key][day] = units
        if left[task.key] == 0:
            outcome.finish[task.key] = day
    outcome.used[day] = cap - free


def _priority(task: EdfTask, day: date) -> tuple[bool, date, UUID]:
    return (task.deadline < day, task.deadline, task.key)


def _late_units(task: EdfTask, work: dict[date, int]) -> int:
    on_time = sum(units for day, units in work.items() if day <= task.deadline)
    return task.units - on_time

"""Load per provider, category and ISO week: planned work against seasonal capacity.

EDF never schedules beyond capacity, so load is measured on *planned* work:
each job's remaining units spread evenly over the days it may still use
(from max(start, today) to its deadline; overdue work all lands on today).
A week whose planned units exceed its capacity is above 100% load.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.balancer.domain.days import days
from services.balancer.domain.load.jobs import Job
from services.balancer.domain.load.view import LoadView

IsoWeek = tuple[int, int]


@dataclass(frozen=True)
class WindowLoad:
    provider_id: UUID
    category: str
    week: IsoWeek
    planned_units: int
    capacity_units: int

    @property
    def overloaded(self) -> bool:
        return self.planned_units > self.capacity_units

    @property
    def load_percent(self) -> int | None:
        """Rounded up; None when the week has no capacity at all."""
        if self.capacity_units == 0:
            return None
        return -(-self.planned_units * 100 // self.capacity_units)


def iso_week(day: date) -> IsoWeek:
    year, week, _ = day.isocalendar()
    return (year, week)


def planned_work(job: Job, today: date) -> dict[date, int]:
    """Even spread of the remaining units; the first days take the remainder."""
    first = max(job.start, today)
    span = list(days(first, job.deadline)) or [today]
    share, extra = divmod(job.remaining, len(span))
    return {day: share + (1 if i < extra else 0) for i, day in enumerate(span)}


def weekly_load(view: LoadView, today: date, until: date) -> list[WindowLoad]:
    """Every provider and category it has capacity or work in, week by week."""
    planned = _planned_by_day(view, today)
    loads = []
    for provider_id, category in _resources(view):
        weeks: dict[IsoWeek, list[int]] = {}
        for day in days(today, until):
            cell = weeks.setdefault(iso_week(day), [0, 0])
            cell[0] += planned.get((provider_id, category, day), 0)
            cell[1] += view.capacity(provider_id, category, day)
        loads += [WindowLoad(provider_id, category, w, p, c) for w, (p, c) in weeks.items()]
    return loads


def overloaded_windows(view: LoadView, today: date, until: date) -> list[WindowLoad]:
    return [w for w in weekly_load(view, today, until) if w.overloaded]


def _planned_by_day(view: LoadView, today: date) -> dict[tuple[UUID, str, date], int]:
    planned: dict[tuple[UUID, str, date], int] = {}
    for job in view.jobs.values():
        for day, units in planned_work(job, today).items():
            key = (job.provider_id, job.category, day)
            planned[key] = planned.get(key, 0) + units
    return planned


def _resources(view: LoadView) -> list[tuple[UUID, str]]:
    pairs = {(p.provider_id, c) for p in view.calendar.providers.values() for c in p.base_units}
    pairs |= {(j.provider_id, j.category) for j in view.jobs.values()}
    return sorted(pairs)

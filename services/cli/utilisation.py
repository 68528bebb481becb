"""Utilisation per county and week: work scheduled on those days over the capacity of those days.

Scheduled work is matching's day-by-day schedule of every job the brokers
accepted (after transfers split them), as the simulated users read it over
HTTP. Capacity is the seeded providers' units a day with the seasons applied
(``capacity``), the same basis ``--load`` is sized on, so over the whole run
utilisation and load measure the same thing. Orders' work runs past the
window (materials arrive during the week, deadlines are 2 to 5 weeks on), so
the grid goes on after the window until the scheduled work ends.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.cli import capacity, demo_providers
from services.cli.demo_region import COUNTIES
from services.cli.sim_state import SimState

COUNTY_OF = {p.id: p.county for p in demo_providers.providers()}
REGION = "region"  # the row summing every county
MAX_EXTRA_WEEKS = 8  # columns shown after the window (later work is only counted)


@dataclass
class Utilisation:
    start: date
    window_weeks: int
    columns: int = 0  # weeks shown: the window and the weeks after it that have work
    scheduled: Counter[tuple[str, int]] = field(default_factory=Counter)  # (county, week)
    capacity: Counter[tuple[str, int]] = field(default_factory=Counter)

    def share(self, county: str, week: int) -> float | None:
        """Scheduled / capacity; None where the county had no capacity that week."""
        cap = self.capacity[(county, week)]
        return self.scheduled[(county, week)] / cap if cap else None

    def monday(self, week: int) -> date:
        return self.start + timedelta(weeks=week)

    def total(self, weeks: range, what: str = "scheduled") -> int:
        counts = self.scheduled if what == "scheduled" else self.capacity
        return sum(counts[(REGION, w)] for w in weeks)

    @property
    def window(self) -> range:
        return range(self.window_weeks)


def compute(state: SimState) -> Utilisation:
    u = Utilisation(state.start, state.weeks)
    last_week = state.weeks - 1
    for job in state.jobs.values():
        county = COUNTY_OF.get(job.provider_id)
        for day, units in job.schedule.items():
            week = (day - state.start).days // 7
            if county is None or week < 0:
                continue
            u.scheduled[(county, week)] += units
            u.scheduled[(REGION, week)] += units
            last_week = max(last_week, week)
    u.columns = min(last_week + 1, state.weeks + MAX_EXTRA_WEEKS)
    for week in range(last_week + 1):
        for day in capacity.days(u.monday(week), 7):
            for county in COUNTIES:
                units = capacity.day_capacity(day, county=county)
                u.capacity[(county, week)] += units
                u.capacity[(REGION, week)] += units
    return u

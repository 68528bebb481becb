"""The simulated world: how much of a planned schedule really gets made, and when.

Matching plans each job day by day; the world makes the planned units of a
day times the share of workers present (tea-picking leave lowers it). Units
lost are made up after the last planned day at a catch-up rate (overtime on
spare capacity, a quarter of the provider's base). Work cannot start before
the simulated day the job was accepted or transferred, so a plan on earlier
days (the system's real calendar is ahead of simulated time) is shifted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

Availability = Callable[[date], float]
CATCH_UP_SHARE = 0.25


def production(
    schedule: dict[date, int], not_before: date, avail: Availability, catch_up: int
) -> list[tuple[date, int]]:
    """Units made per day, in day order, until the planned units are all made."""
    if not schedule:
        return []
    shift = max(0, (not_before - min(schedule)).days)
    made: list[tuple[date, int]] = []
    lost = 0
    day = not_before
    for planned_day in sorted(schedule):
        day = planned_day + timedelta(days=shift)
        units = int(schedule[planned_day] * avail(day))
        lost += schedule[planned_day] - units
        made.append((day, units))
    rate = max(1, catch_up)
    while lost > 0:
        day += timedelta(days=1)
        units = min(lost, int(rate * avail(day)))
        lost -= units
        made.append((day, units))
    return made


def finish(schedule: dict[date, int], not_before: date, avail: Availability, catch_up: int) -> date:
    made = production(schedule, not_before, avail, catch_up)
    return made[-1][0] if made else not_before


def done_by(
    schedule: dict[date, int], not_before: date, avail: Availability, catch_up: int, day: date
) -> int:
    return sum(u for d, u in production(schedule, not_before, avail, catch_up) if d <= day)


def leave_availability(window: tuple[date, date, float] | None) -> Availability:
    """1.0 outside the leave window, the present share inside it."""
    if window is None:
        return lambda day: 1.0
    first, last, present = window

    def avail(day: date) -> float:
        return present if first <= day <= last else 1.0

    return avail

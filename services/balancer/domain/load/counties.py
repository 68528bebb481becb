"""County-by-week load for admins: where the season bites, at a glance."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.balancer.domain.load.view import LoadView
from services.balancer.domain.load.windows import IsoWeek, weekly_load
from shared.region import County


@dataclass(frozen=True)
class CountyWeekLoad:
    county: County
    week: IsoWeek
    planned_units: int
    capacity_units: int
    overloaded_providers: int

    @property
    def overloaded(self) -> bool:
        return self.planned_units > self.capacity_units


def county_week_load(view: LoadView, today: date, until: date) -> list[CountyWeekLoad]:
    """Sums over every provider and category of each county, sorted by county and week."""
    cells: dict[tuple[County, IsoWeek], tuple[int, int, set[UUID]]] = {}
    for window in weekly_load(view, today, until):
        county = view.calendar.provider(window.provider_id).county
        planned, capacity, hot = cells.get((county, window.week), (0, 0, set()))
        if window.overloaded:
            hot = hot | {window.provider_id}
        cells[(county, window.week)] = (
            planned + window.planned_units,
            capacity + window.capacity_units,
            hot,
        )
    return [
        CountyWeekLoad(county, week, planned, capacity, len(hot))
        for (county, week), (planned, capacity, hot) in sorted(cells.items())
    ]

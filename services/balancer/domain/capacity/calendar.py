"""Seasonal capacity: what a provider can really make on a given day."""

from datetime import date
from fractions import Fraction
from uuid import UUID

from services.balancer.domain.capacity.factors import apply_factor
from services.balancer.domain.capacity.providers import CalendarException, Provider
from services.balancer.domain.capacity.seasons import Season, combined_factor
from services.balancer.domain.errors import InvalidFact
from shared.region import County


class CapacityCalendar:
    """Providers, seasons and calendar exceptions, as fed in from events."""

    def __init__(self) -> None:
        self.providers: dict[UUID, Provider] = {}
        self.seasons: dict[str, Season] = {}
        self.exceptions: dict[tuple[UUID, date], CalendarException] = {}
        # A broker's absolute units for one category and day (a machine down, overtime):
        # they win over every factor, because they are the broker's own count.
        self.unit_overrides: dict[tuple[UUID, str, date], int] = {}
        # Answers of `units`, forgotten on every change: a rebalancing run asks the same
        # (provider, category, day) in the projection and again in the problem, and the
        # seasons' exact fractions were most of a run's CPU (session 9: 1,260 of 2,397
        # samples of a run went to `capacity`).
        self._units: dict[tuple[UUID, str, date], int] = {}
        self._place_factors: dict[tuple[County, str, date], Fraction] = {}

    def put_provider(self, provider: Provider) -> None:
        self.providers[provider.provider_id] = provider
        self._units.clear()

    def put_season(self, season: Season) -> None:
        """Adds a season, or replaces the one with the same name."""
        self.seasons[season.name] = season
        self._units.clear()
        self._place_factors.clear()

    def remove_season(self, name: str) -> None:
        self.seasons.pop(name, None)
        self._units.clear()
        self._place_factors.clear()

    def put_exception(self, exception: CalendarException) -> None:
        self.exceptions[(exception.provider_id, exception.day)] = exception
        self._units.clear()

    def put_units(self, provider_id: UUID, category: str, day: date, units: int) -> None:
        if units < 0:
            raise InvalidFact(f"provider {provider_id} cannot make {units} units on {day}")
        self.unit_overrides[(provider_id, category, day)] = units
        self._units.clear()

    def drop_units(self, provider_id: UUID, category: str, day: date) -> None:
        """Forget the broker's unit count of one category and day (a factor replaces it)."""
        self.unit_overrides.pop((provider_id, category, day), None)
        self._units.clear()

    def provider(self, provider_id: UUID) -> Provider:
        try:
            return self.providers[provider_id]
        except KeyError:
            raise InvalidFact(f"unknown provider {provider_id}") from None

    def factor(self, provider: Provider, day: date) -> Fraction:
        """The broker's exception for the day if any, else the seasons in force."""
        exception = self.exceptions.get((provider.provider_id, day))
        if exception is not None:
            return exception.factor
        place = (provider.county, provider.village, day)
        found = self._place_factors.get(place)
        if found is None:  # one village's seasons hold for every provider and category there
            found = self._place_factors[place] = combined_factor(self.seasons.values(), *place)
        return found

    def units(self, provider_id: UUID, category: str, day: date) -> int:
        """Whole units of `category` the provider can make on `day`."""
        key = (provider_id, category, day)
        found = self._units.get(key)
        if found is None:
            found = self._units[key] = self._count_units(provider_id, category, day)
        return found

    def _count_units(self, provider_id: UUID, category: str, day: date) -> int:
        provider = self.provider(provider_id)
        override = self.unit_overrides.get((provider_id, category, day))
        if override is not None:
            return override
        return apply_factor(provider.base(category), self.factor(provider, day))

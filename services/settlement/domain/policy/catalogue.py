"""The policies in force: each county's newest policy whose year of effect has come."""

from __future__ import annotations

from collections.abc import Iterable

from services.settlement.domain.policy.model import Policy
from shared.region.counties import County


class UnknownPolicy(LookupError):
    pass


class Policies:
    def __init__(self, policies: Iterable[Policy], default_id: str | None = None) -> None:
        self._by_id = {p.policy_id: p for p in policies}
        if default_id is not None and default_id not in self._by_id:
            raise UnknownPolicy(f"the default policy {default_id!r} has no file")
        self.default_id = default_id

    def get(self, policy_id: str) -> Policy:
        try:
            return self._by_id[policy_id]
        except KeyError:
            raise UnknownPolicy(f"no policy {policy_id!r}") from None

    def all(self) -> list[Policy]:
        return sorted(self._by_id.values(), key=lambda p: (p.county, p.effective_year))

    def in_force(self, county: County, year: int) -> Policy:
        """The county's newest policy whose year has come; a county without one of its own
        follows the default (Suichang 2009, the one policy the case gives in full)."""
        mine = [p for p in self._by_id.values() if p.county == county and p.effective_year <= year]
        if mine:
            return max(mine, key=lambda p: p.effective_year)
        if self.default_id is not None and self._by_id[self.default_id].effective_year <= year:
            return self._by_id[self.default_id]
        raise UnknownPolicy(f"no policy of {county.value} in force in {year}")

"""Jobs placed with providers and the progress brokers report on them."""

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from uuid import UUID

from services.balancer.domain.errors import InvalidFact


class JobClosure(StrEnum):
    """Why a job no longer loads its provider."""

    DELIVERED = "delivered"  # the last delivery accounted for every unit
    SPLIT_AWAY = "split_away"  # every unit moved to a lender
    CANCELLED = "cancelled"  # its order was cancelled: units made are owed, the rest released


@dataclass(frozen=True)
class Job:
    """Units of one category a provider must deliver by `deadline`, workable from `start`."""

    job_id: UUID
    provider_id: UUID
    category: str
    units: int
    units_done: int
    deadline: date
    start: date
    # The day the order's materials reached the provider, when known: units can move from
    # then on, even if the provider scheduled the job itself later (`start`).
    materials_home: date | None = None

    def within(self, last: date) -> "Job | None":
        """The job as the balancer plans it when ``last`` is the last day it expands: due
        by ``last`` at the latest (a stored 9999-12-31 deadline once overflowed the
        projection), or None when it may start only after ``last``."""
        if self.start > last:
            return None
        return self if self.deadline <= last else replace(self, deadline=last)

    def __post_init__(self) -> None:
        if self.units <= 0:
            raise InvalidFact(f"job {self.job_id} needs positive units")
        if not 0 <= self.units_done <= self.units:
            raise InvalidFact(f"job {self.job_id} done {self.units_done} of {self.units}")
        if self.deadline < self.start:
            raise InvalidFact(f"job {self.job_id} is due before it may start")

    @property
    def remaining(self) -> int:
        return self.units - self.units_done

    @property
    def movable_from(self) -> date:
        """The earliest day units can leave for a lender: materials home, never after `start`."""
        return min(self.start, self.materials_home or self.start)

    def with_progress(self, units_done: int) -> "Job":
        """The job after a progress report; reports never move work backwards."""
        done = min(self.units, max(self.units_done, units_done))
        return replace(self, units_done=done)


@dataclass(frozen=True)
class ProgressReport:
    """Cumulative units done on a job, as the broker reported them."""

    job_id: UUID
    reported_on: date
    units_done: int

    def __post_init__(self) -> None:
        if self.units_done < 0:
            raise InvalidFact(f"progress on {self.job_id} cannot be negative")

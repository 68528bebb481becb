"""Projected finish dates and at-risk jobs: EDF on each provider's remaining capacity."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from services.balancer.domain.load.edf import EdfOutcome, EdfTask, schedule_edf
from services.balancer.domain.load.jobs import Job
from services.balancer.domain.load.view import LoadView

HORIZON_DAYS = 366


@dataclass(frozen=True)
class JobProjection:
    job_id: UUID
    provider_id: UUID
    category: str
    remaining: int
    deadline: date
    finish: date | None
    late_units: int

    @property
    def at_risk(self) -> bool:
        return self.late_units > 0


@dataclass(frozen=True)
class Projection:
    today: date
    jobs: Mapping[UUID, JobProjection]
    used: Mapping[tuple[UUID, str], Mapping[date, int]]

    def at_risk(self) -> list[JobProjection]:
        """Jobs that will miss their deadline, most urgent first."""
        risky = [j for j in self.jobs.values() if j.at_risk]
        return sorted(risky, key=lambda j: (j.deadline, j.job_id))

    def late_units(self) -> int:
        return sum(j.late_units for j in self.jobs.values())

    def used_on(self, provider_id: UUID, category: str, day: date) -> int:
        return self.used.get((provider_id, category), {}).get(day, 0)


def project(view: LoadView, today: date) -> Projection:
    """EDF per (provider, category) from `today`; work before `today` is history."""
    jobs: dict[UUID, JobProjection] = {}
    used: dict[tuple[UUID, str], Mapping[date, int]] = {}
    for (provider_id, category), group in view.groups().items():
        outcome = _schedule(view, provider_id, category, group, today)
        used[(provider_id, category)] = outcome.used
        jobs.update({j.job_id: _job_projection(j, outcome) for j in group})
    return Projection(today, jobs, used)


def edf_tasks(jobs: list[Job], today: date) -> list[EdfTask]:
    return [EdfTask(j.job_id, j.remaining, max(j.start, today), j.deadline) for j in jobs]


def _schedule(
    view: LoadView, provider_id: UUID, category: str, group: list[Job], today: date
) -> EdfOutcome:
    until = max([today, *(j.deadline for j in group)]) + timedelta(days=HORIZON_DAYS)
    return schedule_edf(
        edf_tasks(group, today), lambda d: view.capacity(provider_id, category, d), today, until
    )


def _job_projection(job: Job, outcome: EdfOutcome) -> JobProjection:
    return JobProjection(
        job.job_id,
        job.provider_id,
        job.category,
        job.remaining,
        job.deadline,
        outcome.finish[job.job_id],
        outcome.late[job.job_id],
    )

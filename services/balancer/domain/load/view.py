"""The load view: a projection of provider load, rebuilt from facts the service feeds in.

It holds only facts (calendar, jobs, progress); every figure is derived on
demand for a given "today", so replaying events in any order gives one answer.
"""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from uuid import UUID

from services.balancer.domain.capacity.calendar import CapacityCalendar
from services.balancer.domain.errors import InvalidFact
from services.balancer.domain.load.jobs import Job, ProgressReport


class LoadView:
    def __init__(self, calendar: CapacityCalendar | None = None) -> None:
        self.calendar = calendar or CapacityCalendar()
        self.jobs: dict[UUID, Job] = {}
        self._done: dict[UUID, int] = {}

    def put_job(self, job: Job) -> None:
        """Adds or replaces a job, keeping progress that arrived before it."""
        self.calendar.provider(job.provider_id)
        self.jobs[job.job_id] = job.with_progress(self._done.get(job.job_id, 0))

    def remove_job(self, job_id: UUID) -> None:
        """A job delivered, cancelled or split away stops loading its provider."""
        self.jobs.pop(job_id, None)
        self._done.pop(job_id, None)

    def move_out(self, job_id: UUID, units: int) -> None:
        """Units in flight to a lender leave the job (all of them: the job leaves the view)."""
        job = self.jobs.get(job_id)
        if job is None or units == 0:
            return
        if job.units <= units:
            self.jobs.pop(job_id)
            return
        left = job.units - units
        self.jobs[job_id] = replace(job, units=left, units_done=min(job.units_done, left))

    def record_progress(self, report: ProgressReport) -> None:
        done = max(self._done.get(report.job_id, 0), report.units_done)
        self._done[report.job_id] = done
        if report.job_id in self.jobs:
            self.jobs[report.job_id] = self.jobs[report.job_id].with_progress(done)

    def job(self, job_id: UUID) -> Job:
        try:
            return self.jobs[job_id]
        except KeyError:
            raise InvalidFact(f"unknown job {job_id}") from None

    def groups(self) -> dict[tuple[UUID, str], list[Job]]:
        """Open jobs by (provider, category): each pair is one EDF resource."""
        grouped: dict[tuple[UUID, str], list[Job]] = {}
        for job in self.jobs.values():
            if job.remaining > 0:
                grouped.setdefault((job.provider_id, job.category), []).append(job)
        return grouped

    def capacity(self, provider_id: UUID, category: str, day: date) -> int:
        return self.calendar.units(provider_id, category, day)


def stand_in(transfer_id: UUID, receiver: UUID, category: str, days: Mapping[date, int]) -> Job:
    """A transfer in flight to an opted-in receiver, as a job at the receiver keyed by the
    transfer's id (never a job's), so the receiver's spare is not offered twice."""
    return Job(transfer_id, receiver, category, sum(days.values()), 0, max(days), min(days))

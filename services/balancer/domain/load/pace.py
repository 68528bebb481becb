"""Whether a progress report falls behind an even pace: the cue to re-project at once.

The projection is the truth about lateness; this is only the cheap trigger that
tells the service a report is worth a fresh look before the next periodic run.
"""

from datetime import date

from services.balancer.domain.load.jobs import Job


def expected_done(job: Job, on: date) -> int:
    """Units an even pace from `start` to `deadline` has finished by the end of `on`."""
    span = (job.deadline - job.start).days + 1
    elapsed = min(span, max(0, (on - job.start).days + 1))
    return job.units * elapsed // span


def behind_schedule(job: Job, reported_on: date, units_done: int) -> bool:
    return units_done < expected_done(job, reported_on)

"""EDF projection: finish dates, late units and at-risk flags from "today"."""

import pytest

from services.balancer.domain import (
    CalendarException,
    InvalidFact,
    Job,
    LoadView,
    ProgressReport,
    project,
)
from tests.unit.balancer.builders import CAT, TODAY, day, name_of, uid, view_with


def job(job_id: str, units: int, deadline: int, start: int = 0, provider: str = "a") -> Job:
    return Job(uid(job_id), uid(provider), CAT, units, 0, day(deadline), day(start))


def factory(units: int = 5) -> LoadView:
    return view_with(("a", "Jinyun", "Hutang", units))


def test_single_job_finishes_when_capacity_covers_it() -> None:
    view = factory()
    view.put_job(job("j", 12, deadline=5))
    projected = project(view, TODAY).jobs[uid("j")]
    assert (projected.finish, projected.late_units, projected.at_risk) == (day(2), 0, False)


def test_earliest_deadline_goes_first() -> None:
    view = factory()
    view.put_job(job("late-due", 10, deadline=9))
    view.put_job(job("soon-due", 10, deadline=3))
    jobs = project(view, TODAY).jobs
    assert (jobs[uid("soon-due")].finish, jobs[uid("late-due")].finish) == (day(1), day(3))


def test_work_waits_for_the_start_date_and_for_today() -> None:
    view = factory()
    view.put_job(job("j", 5, deadline=9, start=4))
    assert project(view, TODAY).jobs[uid("j")].finish == day(4)
    assert project(view, day(6)).jobs[uid("j")].finish == day(6)


def test_overdue_work_yields_to_work_that_can_still_be_on_time() -> None:
    view = factory()
    view.put_job(job("a", 15, deadline=1))
    view.put_job(job("b", 5, deadline=2))
    jobs = project(view, TODAY).jobs
    assert (jobs[uid("a")].late_units, jobs[uid("a")].finish) == (5, day(3))
    assert (jobs[uid("b")].late_units, jobs[uid("b")].finish) == (0, day(2))


def test_at_risk_jobs_carry_their_late_units_most_urgent_first() -> None:
    view = factory()
    view.put_job(job("x", 20, deadline=2))
    view.put_job(job("y", 15, deadline=4))
    projection = project(view, TODAY)
    assert [(name_of(j.job_id), j.late_units) for j in projection.at_risk()] == [("x", 5), ("y", 5)]
    assert (projection.jobs[uid("x")].finish, projection.jobs[uid("y")].finish) == (day(5), day(6))
    assert projection.late_units() == 10


def test_closed_days_push_the_finish_out() -> None:
    view = factory()
    for n in (1, 2):
        view.calendar.put_exception(CalendarException.of(uid("a"), day(n), 0))
    view.put_job(job("j", 10, deadline=2))
    assert project(view, TODAY).jobs[uid("j")].finish == day(3)


def test_no_capacity_at_all_never_finishes() -> None:
    view = factory(units=0)
    view.put_job(job("j", 3, deadline=2))
    projected = project(view, TODAY).jobs[uid("j")]
    assert (projected.finish, projected.late_units) == (None, 3)


def test_progress_reports_shrink_remaining_and_never_go_backwards() -> None:
    view = factory()
    view.record_progress(ProgressReport(uid("j"), day(0), 4))  # arrives before the job
    view.put_job(job("j", 12, deadline=5))
    view.record_progress(ProgressReport(uid("j"), day(1), 7))
    view.record_progress(ProgressReport(uid("j"), day(0), 2))  # stale, out of order
    assert view.job(uid("j")).remaining == 5
    assert project(view, TODAY).jobs[uid("j")].finish == day(0)


def test_finished_and_removed_jobs_stop_loading() -> None:
    view = factory()
    view.put_job(job("j", 5, deadline=5))
    view.record_progress(ProgressReport(uid("j"), day(0), 5))
    view.put_job(job("k", 5, deadline=5))
    view.remove_job(uid("k"))
    assert project(view, TODAY).jobs == {}


@pytest.mark.parametrize(
    ("units", "done", "deadline", "start"), [(0, 0, 1, 0), (5, 6, 1, 0), (5, 0, 0, 1)]
)
def test_impossible_jobs_are_refused(units: int, done: int, deadline: int, start: int) -> None:
    with pytest.raises(InvalidFact):
        Job(uid("j"), uid("a"), CAT, units, done, day(deadline), day(start))


def test_jobs_of_unknown_providers_are_refused() -> None:
    with pytest.raises(InvalidFact):
        factory().put_job(job("j", 5, deadline=5, provider="nobody"))

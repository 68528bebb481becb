"""The balancer guards itself against far stored rows (issue 17): a calendar exception to
year 8369 once expanded millions of days and pinned the service at 100% CPU; a job due
9999-12-31 overflowed ``date`` in the projection (OverflowError on the old code). Both are
cut to the window of days the balancer expands (one year back, two years ahead)."""

from __future__ import annotations

import time
from datetime import date

from services.balancer.domain.capacity.facts import ExceptionFact, apply_exceptions
from services.balancer.domain.days import clamp, days, window
from services.balancer.domain.load.jobs import Job
from services.balancer.domain.load.projection import project
from services.balancer.domain.loans.limits import check_loan_capacity
from services.balancer.domain.loans.loan import CapacityLoan
from tests.unit.balancer.builders import CAT, TODAY, day, uid, view_with

WINDOW = window(TODAY)


def test_an_exception_to_year_8369_is_cut_to_the_window_in_no_time() -> None:
    view = view_with(("jy-a", "Jinyun", "Hutang", 10))
    far = ExceptionFact(uid("jy-a"), CAT, day(5), date(8369, 1, 1), None, 3)
    beyond = ExceptionFact(uid("jy-a"), CAT, date(8000, 1, 1), date(8369, 1, 1), None, 1)
    started = time.perf_counter()
    cut = apply_exceptions(view.calendar, [far, beyond], WINDOW)
    assert time.perf_counter() - started < 2  # the old code expanded 2.3 million days
    assert cut == [far, beyond]
    assert view.capacity(uid("jy-a"), CAT, day(5)) == 3
    assert view.capacity(uid("jy-a"), CAT, WINDOW[1]) == 3
    assert len(view.calendar.unit_overrides) == (WINDOW[1] - day(5)).days + 1


def test_a_job_due_9999_12_31_is_planned_within_the_window() -> None:
    view = view_with(("jy-a", "Jinyun", "Hutang", 10))
    job = Job(uid("j1"), uid("jy-a"), CAT, 100, 0, date(9999, 12, 31), day(0))
    planned = job.within(WINDOW[1])
    assert planned is not None and planned.deadline == WINDOW[1]
    view.put_job(planned)
    projection = project(view, TODAY)
    assert projection.jobs[job.job_id].late_units == 0
    assert job.within(WINDOW[1]) is not job and Job.within(planned, WINDOW[1]) is planned


def test_a_job_starting_beyond_the_window_is_left_out() -> None:
    job = Job(uid("j1"), uid("jy-a"), CAT, 1, 0, date(9999, 12, 31), date(9999, 12, 30))
    assert job.within(WINDOW[1]) is None


def test_runs_of_days_end_at_the_last_date() -> None:
    assert list(days(date(9999, 12, 30), date.max)) == [date(9999, 12, 30), date.max]
    assert clamp(date(9000, 1, 1), date.max, WINDOW) is None
    assert clamp(date(2000, 1, 1), date.max, WINDOW) == WINDOW


def test_a_stored_loan_to_year_8369_is_checked_only_within_the_window() -> None:
    """On the old code the check walked every day to 8369 (2.3 million)."""
    view = view_with(("ld-1", "Liandu", "Bihu", 6))
    far = CapacityLoan.offer(uid("L1"), uid("ld-1"), CAT, day(0), day(20), 6)
    far.end = date(8369, 1, 1)  # as a row stored before the request bounds
    started = time.perf_counter()
    check_loan_capacity(view.calendar, far, [], TODAY)
    assert time.perf_counter() - started < 2

"""The job aggregate: progress, deliveries, cancellation and splits, legal and illegal."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from services.matching.domain.errors import IllegalTransition, InvalidWork, WorkRuleBroken
from services.matching.domain.job import (
    Job,
    JobStatus,
    JobTerms,
    earliest_days,
    reserved_days_refusal,
    take_from_end,
)
from shared.contracts import matching as m
from shared.region.counties import County
from shared.region.markets import Market

READY = date(2026, 12, 1)
TODAY = date(2026, 12, 10)
DEADLINE = date(2026, 12, 20)


def job(units: int = 100, tolerance: str = "2") -> Job:
    return Job(
        id=uuid.uuid4(),
        order_id=uuid.uuid4(),
        provider_id=uuid.uuid4(),
        category="crochet",
        units=units,
        schedule={date(2026, 12, d): units // 4 for d in (11, 12, 13, 14)},
        deadline=DEADLINE,
        terms=JobTerms(READY, Market.YIWU, Decimal(tolerance)),
    )


def in_status(status: JobStatus) -> Job:
    j = job()
    if status is JobStatus.IN_PRODUCTION:
        j.progress(10, TODAY)
    elif status is JobStatus.PARTLY_DELIVERED:
        j.deliver(10, 0, TODAY, TODAY)
    elif status is JobStatus.DELIVERED:
        j.deliver(100, 0, TODAY, TODAY)
    elif status is JobStatus.CANCELLED:
        j.cancel("the order was cancelled")
    j.events.clear()
    return j


# progress


@pytest.mark.parametrize(
    "status", [JobStatus.ACCEPTED, JobStatus.IN_PRODUCTION, JobStatus.PARTLY_DELIVERED]
)
def test_progress_from_every_live_status(status: JobStatus) -> None:
    j = in_status(status)
    j.progress(40, TODAY)
    expected = (
        JobStatus.PARTLY_DELIVERED
        if status is JobStatus.PARTLY_DELIVERED
        else JobStatus.IN_PRODUCTION
    )
    assert j.status is expected and j.units_done == 40
    (e,) = j.events
    assert isinstance(e, m.JobProgressReported) and (e.units_done, e.units_total) == (40, 100)


@pytest.mark.parametrize("done", [-1, 101])
def test_progress_outside_made_and_total_is_invalid(done: int) -> None:
    with pytest.raises(InvalidWork) as err:
        job().progress(done, TODAY)
    assert err.value.field == "units_done"


def test_progress_never_goes_below_what_was_delivered() -> None:
    j = in_status(JobStatus.PARTLY_DELIVERED)
    with pytest.raises(InvalidWork, match="between 10 and 100"):
        j.progress(5, TODAY)


def test_progress_on_a_delivered_job_is_illegal() -> None:
    with pytest.raises(IllegalTransition, match="the job is delivered"):
        in_status(JobStatus.DELIVERED).progress(100, TODAY)


def test_progress_and_delivery_on_a_cancelled_job_name_the_reason() -> None:
    j = in_status(JobStatus.CANCELLED)
    with pytest.raises(IllegalTransition, match="cancelled: the order was cancelled"):
        j.progress(50, TODAY)
    with pytest.raises(IllegalTransition, match="cancelled: the order was cancelled"):
        j.deliver(10, 0, TODAY, TODAY)
    assert j.events == []


# deliveries


def test_several_deliveries_until_the_units_are_accounted_for() -> None:
    j = job()
    first = j.deliver(60, 0, TODAY, TODAY)
    assert j.status is JobStatus.PARTLY_DELIVERED and j.units_done == 60
    (e1,) = j.events
    assert isinstance(e1, m.JobDeliveredV2) and not e1.final and e1.delivery_id == first.id
    j.deliver(39, 1, TODAY, TODAY)
    assert j.status is JobStatus.DELIVERED
    assert (j.good_units, j.defective_units, j.delivered_units) == (99, 1, 100)
    e2 = j.events[-1]
    assert isinstance(e2, m.JobDeliveredV2) and e2.final
    assert (e2.good_units, e2.total_good_units, e2.total_defective_units) == (39, 99, 1)
    assert len(j.new_deliveries) == 2
    with pytest.raises(IllegalTransition, match="the job is delivered"):
        j.deliver(1, 0, TODAY, TODAY)


@pytest.mark.parametrize(
    ("good", "defective", "on", "field", "why"),
    [
        (0, 0, TODAY, "good_units", "at least one unit"),
        (101, 0, TODAY, "good_units", "more than the 100 units"),
        (90, 11, TODAY, "good_units", "more than the 100 units"),
        (10, 0, date(2026, 12, 11), "delivered_on", "in the future"),
        (10, 0, date(2026, 11, 30), "delivered_on", "before the order's materials were ready"),
    ],
)
def test_bad_deliveries_are_refused_naming_the_field(good, defective, on, field, why) -> None:
    j = job()
    with pytest.raises(InvalidWork, match=why) as err:
        j.deliver(good, defective, on, TODAY)
    assert err.value.field == field and j.deliveries == [] and j.events == []


def test_a_delivery_beyond_what_is_left_after_a_first_one_is_refused() -> None:
    j = job()
    j.deliver(90, 0, TODAY, TODAY)
    with pytest.raises(InvalidWork, match="more than the 10 units"):
        j.deliver(11, 0, TODAY, TODAY)


def test_a_delivery_on_the_materials_day_is_fine() -> None:
    assert job().deliver(1, 0, READY, TODAY).delivered_on == READY


def test_defective_share_above_the_tolerance_is_flagged() -> None:
    j = job(tolerance="2")
    assert not j.deliver(49, 1, TODAY, TODAY).over_tolerance  # 2%: at the tolerance
    flagged = j.deliver(48, 2, TODAY, TODAY)  # 4%
    assert flagged.over_tolerance and j.over_tolerance
    assert isinstance(j.events[-1], m.JobDeliveredV2) and j.events[-1].over_tolerance


def test_a_late_delivery_is_late() -> None:
    j = job()
    j.deliver(100, 0, date(2026, 12, 21), date(2026, 12, 22))
    assert j.late is True


# cancellation


def test_cancel_with_no_progress_releases_everything() -> None:
    j = job()
    released = j.cancel("the order was cancelled")
    assert j.status is JobStatus.CANCELLED and sum(released.values()) == 100 and j.schedule == {}
    (e,) = j.events
    assert isinstance(e, m.JobCancelled) and (e.units_kept, e.units_released) == (0, 100)


def test_cancel_in_production_keeps_the_units_done_as_owed_work() -> None:
    j = in_status(JobStatus.IN_PRODUCTION)
    j.progress(30, TODAY)
    j.events.clear()
    released = j.cancel("the order was cancelled")
    assert j.units_kept == 30 and sum(released.values()) == 70 and sum(j.schedule.values()) == 30
    assert released == {date(2026, 12, 14): 25, date(2026, 12, 13): 25, date(2026, 12, 12): 20}
    (e,) = j.events
    assert isinstance(e, m.JobCancelled) and (e.units_kept, e.units_released) == (30, 70)


def test_cancel_after_a_short_delivery_keeps_the_delivered_units() -> None:
    j = in_status(JobStatus.PARTLY_DELIVERED)
    j.cancel("the order was cancelled")
    assert j.units_kept == 10


@pytest.mark.parametrize("status", [JobStatus.DELIVERED, JobStatus.CANCELLED])
def test_a_finished_job_cannot_be_cancelled(status: JobStatus) -> None:
    with pytest.raises(IllegalTransition):
        in_status(status).cancel("again")


# an amended deadline


@pytest.mark.parametrize(
    ("status", "follows"),
    [
        (JobStatus.ACCEPTED, True),
        (JobStatus.IN_PRODUCTION, True),
        (JobStatus.PARTLY_DELIVERED, True),
        (JobStatus.DELIVERED, False),
        (JobStatus.CANCELLED, False),
    ],
)
def test_a_live_job_follows_an_amended_deadline(status: JobStatus, follows: bool) -> None:
    """Fails on the old code (no such method): the job kept its accepted deadline."""
    j = in_status(status)
    later = date(2027, 1, 15)
    assert j.follow_deadline(later) is follows
    assert j.deadline == (later if follows else DEADLINE)
    assert j.follow_deadline(j.deadline) is False and j.events == []


# splits


def test_split_moves_units_from_the_end_onto_the_lender_days() -> None:
    j = job()
    lender = uuid.uuid4()
    days = {date(2026, 12, 12): 30}
    moved, given_back = j.split(uuid.uuid4(), lender, days)
    assert (j.units, moved.units, moved.provider_id, moved.schedule) == (70, 30, lender, days)
    assert given_back == {date(2026, 12, 14): 25, date(2026, 12, 13): 5}
    assert moved.deadline == j.deadline and moved.terms == j.terms
    (e,) = j.events
    assert isinstance(e, m.JobSplit) and e.new_job_id == moved.id and e.units == 30


@pytest.mark.parametrize("reported", [None, 0])
def test_a_split_of_every_unit_left_ends_the_job_moved(reported: int | None) -> None:
    """Fails on the old code: the emptied job stayed accepted (0 units), took progress and
    went in_production, and could never be delivered, so it stayed open for ever."""
    j = job()
    if reported is not None:
        j.progress(reported, TODAY)
    j.split(uuid.uuid4(), uuid.uuid4(), {date(2026, 12, 12): 100})
    assert (j.status, j.units, j.schedule) == (JobStatus.MOVED, 0, {})
    j.events.clear()
    why = "moved to another enterprise"
    with pytest.raises(IllegalTransition, match=why):
        j.progress(0, TODAY)
    with pytest.raises(IllegalTransition, match=why):
        j.deliver(1, 0, TODAY, TODAY)
    with pytest.raises(IllegalTransition, match=why):
        j.cancel("the order was cancelled")
    assert why in str(j.split_refusal(1, lender_makes_it=True))
    assert j.events == []


def test_a_split_that_leaves_units_keeps_the_job_live() -> None:
    j = in_status(JobStatus.IN_PRODUCTION)
    j.split(uuid.uuid4(), uuid.uuid4(), {date(2026, 12, 12): 90})
    assert (j.status, j.units) == (JobStatus.IN_PRODUCTION, 10)


@pytest.mark.parametrize(
    ("status", "units", "makes", "why"),
    [
        (JobStatus.ACCEPTED, 101, True, "only 100 units are left"),
        (JobStatus.IN_PRODUCTION, 91, True, "only 90 units are left"),
        (JobStatus.ACCEPTED, 10, False, "does not make this category"),
        (JobStatus.DELIVERED, 1, True, "the job is delivered"),
        (JobStatus.CANCELLED, 1, True, "cancelled: the order was cancelled"),
    ],
)
def test_split_refusals(status: JobStatus, units: int, makes: bool, why: str) -> None:
    j = in_status(status)
    refusal = j.split_refusal(units, makes)
    assert refusal is not None and why in refusal
    if makes:
        with pytest.raises(WorkRuleBroken, match=why):
            j.split(uuid.uuid4(), uuid.uuid4(), {TODAY: units})
    assert j.events == []


def test_reserved_days_must_hold_the_units_and_follow_the_materials() -> None:
    days = {date(2027, 1, 6): 500, date(2027, 1, 7): 1000, date(2027, 1, 8): 1000}
    assert reserved_days_refusal(days, 2500, date(2026, 12, 29)) is None
    assert "not the 2000" in str(reserved_days_refusal(days, 2000, date(2026, 12, 29)))
    assert "before the materials" in str(reserved_days_refusal(days, 2500, date(2027, 1, 7)))
    assert "no units" in str(reserved_days_refusal({TODAY: 0}, 0, TODAY))


def test_the_lender_first_day_waits_for_materials_and_today() -> None:
    terms = JobTerms(date(2026, 12, 28), Market.YIWU)
    assert terms.first_day_at(County.JINYUN, date(2026, 12, 1)) > date(2026, 12, 28)
    assert terms.first_day_at(County.JINYUN, date(2027, 2, 1)) == date(2027, 2, 1)


def test_earliest_days_and_take_from_end() -> None:
    free = {date(2026, 12, 3): 5, date(2026, 12, 1): 10, date(2026, 12, 2): 0}
    assert earliest_days(free, 12) == {date(2026, 12, 1): 10, date(2026, 12, 3): 2}
    assert earliest_days(free, 16) is None
    schedule = {date(2026, 12, 1): 10, date(2026, 12, 2): 10}
    assert take_from_end(schedule, 15) == {date(2026, 12, 2): 10, date(2026, 12, 1): 5}
    assert schedule == {date(2026, 12, 1): 5}

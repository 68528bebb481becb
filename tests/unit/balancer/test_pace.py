"""A progress report behind an even pace is the cue for an early re-projection."""

import pytest

from services.balancer.domain import Job
from services.balancer.domain.load.pace import behind_schedule, expected_done
from tests.unit.balancer.builders import CAT, day, uid

JOB = Job(uid("J1"), uid("jy-a"), CAT, 100, 0, day(9), day(0))  # ten days, 10 units a day


@pytest.mark.parametrize(("on", "expected"), [(-3, 0), (0, 10), (4, 50), (9, 100), (20, 100)])
def test_an_even_pace_counts_whole_days_from_start_to_deadline(on: int, expected: int) -> None:
    assert expected_done(JOB, day(on)) == expected


def test_behind_means_fewer_units_than_the_even_pace() -> None:
    assert behind_schedule(JOB, day(4), 49)
    assert not behind_schedule(JOB, day(4), 50)
    assert not behind_schedule(JOB, day(-1), 0)

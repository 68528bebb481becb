"""The broker's progress and delivery forms: what is refused before matching is asked,
and in which language it is said."""

from __future__ import annotations

from services.portal import broker_forms
from services.portal.i18n import use_language

JOB = {"units": 100, "units_delivered": 40}


def test_progress_takes_a_whole_number_up_to_the_jobs_units() -> None:
    with use_language("en"):
        assert broker_forms.check_progress({"units_done": "100"}, JOB) == (100, {})
        assert (
            "whole number"
            in broker_forms.check_progress({"units_done": "-1"}, JOB)[1]["units_done"]
        )
        assert broker_forms.check_progress({"units_done": "101"}, JOB)[1] == {
            "units_done": "More units than the job has"
        }


def test_a_delivery_beyond_what_is_left_is_refused_in_chinese() -> None:
    with use_language("zh"):
        body, errors = broker_forms.check_delivery(
            {"good_units": "50", "defective_units": "11"}, JOB
        )
        assert errors == {"good_units": "件数超过了这项加工任务的件数"}
        body, errors = broker_forms.check_delivery(
            {"good_units": "55", "defective_units": "5"}, JOB
        )
        assert (body, errors) == ({"good_units": 55, "defective_units": 5}, {})
        assert "good_units" in broker_forms.check_delivery({"good_units": "0"}, JOB)[1]
        assert (
            "defective_units"
            in broker_forms.check_delivery({"good_units": "1", "defective_units": "x"}, JOB)[1]
        )

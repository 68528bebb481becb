"""The broker's job forms (progress, delivery): typed values and inline errors in the
page's language, checked before matching is asked so a slip never leaves the page."""

from __future__ import annotations

from typing import Any

from services.portal.i18n import N_, gettext

WHOLE = N_("Enter a whole number of units, 0 or more")
OVER_JOB = N_("More units than the job has")
NOTHING = N_("Enter at least one good or defective unit")
REFUSED = N_("Matching refused this number: check it against the job")


def units(raw: object) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() else None


def check_progress(form: dict[str, Any], job: dict[str, Any]) -> tuple[int, dict[str, str]]:
    done = units(form.get("units_done"))
    if done is None:
        return 0, {"units_done": gettext(WHOLE)}
    if done > job["units"]:
        return done, {"units_done": gettext(OVER_JOB)}
    return done, {}


def check_delivery(
    form: dict[str, Any], job: dict[str, Any]
) -> tuple[dict[str, int], dict[str, str]]:
    good, defective = units(form.get("good_units")), units(form.get("defective_units") or "0")
    errors: dict[str, str] = {}
    if good is None:
        errors["good_units"] = gettext(WHOLE)
    if defective is None:
        errors["defective_units"] = gettext(WHOLE)
    if errors:
        return {}, errors
    assert good is not None and defective is not None
    left = job["units"] - job.get("units_delivered", 0)
    if good + defective > left:
        errors["good_units"] = gettext(OVER_JOB)
    elif good + defective == 0:
        errors["good_units"] = gettext(NOTHING)
    return {"good_units": good, "defective_units": defective}, errors


def service_errors(fields: dict[str, str], known: tuple[str, ...]) -> dict[str, str]:
    """Matching's 422 (English reasons) said in the page's language beside the field."""
    found = {}
    for name in fields:
        short = name.rsplit(".", 1)[-1]
        found[short if short in known else known[0]] = gettext(REFUSED)
    return found

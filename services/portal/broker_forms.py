"""The broker's job forms (progress, delivery): typed values and inline errors in the
page's language, checked before matching is asked so a slip never leaves the page."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.portal.i18n import N_, gettext

WHOLE = N_("Enter a whole number of units, 0 or more")
OVER_JOB = N_("More units than the job has")
NOTHING = N_("Enter at least one good or defective unit")
BAD_DAY = N_("The delivery day cannot be in the future or before the materials were ready")
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
) -> tuple[dict[str, Any], dict[str, str]]:
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
    body: dict[str, Any] = {"good_units": good, "defective_units": defective}
    on = str(form.get("delivered_on") or "").strip()
    if on:
        try:
            body["delivered_on"] = date.fromisoformat(on).isoformat()
        except ValueError:
            errors["delivered_on"] = gettext(BAD_DAY)
    return body, errors


def service_errors(fields: dict[str, str], known: tuple[str, ...]) -> dict[str, str]:
    """Matching's 422 (English reasons) said in the page's language beside the field."""
    found = {}
    for name in fields:
        short = name.rsplit(".", 1)[-1]
        if short == "delivered_on":
            found[short] = gettext(BAD_DAY)
        else:
            found[short if short in known else known[0]] = gettext(REFUSED)
    return found

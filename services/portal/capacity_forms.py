"""The broker's capacity and calendar forms: what the page checks itself (numbers, dates that
parse) and how matching's 422 (English reasons) is said beside the field in the page's
language. The range and window rules stay matching's (``shared.region.window``): the page
only translates its answer, naming the allowed days."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.portal.i18n import N_, gettext
from services.portal.i18n.formatting import day
from shared.region.window import MAX_RANGE_DAYS, bounds

MAX_UNITS = 1_000_000
WHOLE = N_("Enter a whole number of units a day, 0 to 1,000,000")
PERCENT = N_("Enter a whole percentage of the usual capacity, 0 to 300")
NOT_A_DAY = N_("Enter a day")
ORDER = N_("The last day cannot be before the first day")
TOO_LONG = N_("One exception covers at most {days} days: split longer leave")
OUTSIDE = N_("Choose a day from {first} to {last}")
REFUSED = N_("Matching refused this value: check it")
CATEGORY = N_("Choose a product you make, or all products")

EXCEPTION_FIELDS = ("first_day", "last_day", "value", "category", "reason")


def units(raw: object) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and int(text) <= MAX_UNITS else None


def check_capacity(form: dict[str, Any]) -> tuple[int, dict[str, str]]:
    found = units(form.get("units_per_day"))
    return (found, {}) if found is not None else (0, {"units_per_day": gettext(WHOLE)})


def check_exception(
    form: dict[str, Any], categories: list[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The body for matching's ``POST .../calendar`` and the errors the page finds itself."""
    errors: dict[str, str] = {}
    body: dict[str, Any] = {"reason": str(form.get("reason") or "").strip()[:200]}
    category = str(form.get("category") or "")
    if category and category not in categories:
        errors["category"] = gettext(CATEGORY)
    body["category"] = category or None
    for name in ("first_day", "last_day"):
        try:
            body[name] = date.fromisoformat(str(form.get(name) or "").strip()).isoformat()
        except ValueError:
            errors[name] = gettext(NOT_A_DAY)
    kind = "units" if form.get("kind") == "units" else "percent"
    value = str(form.get("value") or "").strip()
    number = int(value) if value.isdigit() else None
    if kind == "percent" and (number is None or number > 300):
        errors["value"] = gettext(PERCENT)
    elif kind == "units" and (number is None or number > MAX_UNITS):
        errors["value"] = gettext(WHOLE)
    body[kind] = number
    return body, errors


def service_errors(fields: dict[str, str]) -> dict[str, str]:
    """Matching's 422 on an exception, each reason said in the page's language beside the
    field it concerns (``percent``/``units`` are the page's one ``value`` field)."""
    found: dict[str, str] = {}
    for name, reason in fields.items():
        short = name.rsplit(".", 1)[-1]
        if short in ("percent", "units"):
            short = "value"
        if short not in EXCEPTION_FIELDS:
            short = "first_day"
        found.setdefault(short, _said(reason))
    return found


def _said(reason: str) -> str:
    if "at most" in reason:
        return gettext(TOO_LONG).format(days=MAX_RANGE_DAYS)
    if "must be between" in reason:
        first, last = bounds()
        return gettext(OUTSIDE).format(first=day(first), last=day(last))
    if "before" in reason:
        return gettext(ORDER)
    return gettext(REFUSED)

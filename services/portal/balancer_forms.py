"""Forms of the factory and federation pages (loans, receiver opt-ins, seasons): typed
values, the format checks made before the balancer is asked, and the balancer's 422 said
beside the field in the page's language. The rules themselves (ranges, dates in the
window, end not before start) stay the balancer's: its answer is mapped, not repeated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi.responses import RedirectResponse, Response

from services.portal.client import BoundClient, FieldErrors
from services.portal.i18n import N_, gettext

MESSAGES = {
    "name": N_("Enter a name for the season, up to 100 characters"),
    "category": N_("Choose a product category"),
    "county": N_("Choose a county"),
    "start": N_("Enter a first day within the coming year"),
    "end": N_("Enter a last day on or after the first day, within the coming year"),
    "units_per_day": N_("Enter a whole number of units per day, at least 1"),
    "factor": N_("Enter a factor from 0 to 2, like 0.6 (1 is a normal week)"),
    "village_group": N_("List the villages separated by commas, up to 500 characters"),
    "reason": N_("Say why in at most 500 characters"),
}
# What the balancer's refusal of a well-formed value means, where it differs from the
# format message (a loan larger than what the factory makes that day).
REFUSALS = {
    "units_per_day": N_(
        "More units a day than you can lend: what you make that day, less your other loans"
    ),
}
LOAN_FIELDS = ("category", "start", "end", "units_per_day")
OPT_IN_FIELDS = ("category", "start", "end")
SEASON_FIELDS = ("name", "start", "end", "county", "factor", "village_group")


def text(form: dict[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


def _day(raw: str) -> str | None:
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        return None


def message(name: str) -> str:
    """What to do about field ``name``, in the page's language."""
    return gettext(MESSAGES[name])


def _wrong(errors: dict[str, str], name: str) -> None:
    errors.setdefault(name, message(name))


def _dates(form: dict[str, Any], body: dict[str, Any], errors: dict[str, str]) -> None:
    for name in ("start", "end"):
        found = _day(text(form, name))
        if found is None:
            _wrong(errors, name)
        else:
            body[name] = found


def loan(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The LoanCreate body (category, start, end, units_per_day) or the fields at fault."""
    body, errors = opt_in(form)
    units = text(form, "units_per_day")
    if units.isdigit() and int(units) > 0:
        body["units_per_day"] = int(units)
    else:
        _wrong(errors, "units_per_day")
    return body, errors


def opt_in(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The OptInCreate body (category, start, end) or the fields at fault."""
    body: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if category := text(form, "category"):
        body["category"] = category
    else:
        _wrong(errors, "category")
    _dates(form, body, errors)
    return body, errors


def season(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The SeasonCreate body with one county factor, or the fields at fault."""
    body: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if name := text(form, "name"):
        body["name"] = name
    else:
        _wrong(errors, "name")
    _dates(form, body, errors)
    factor: dict[str, Any] = {}
    if county := text(form, "county"):
        factor["county"] = county
    else:
        _wrong(errors, "county")
    try:
        factor["factor"] = str(Decimal(text(form, "factor")))
    except InvalidOperation:
        _wrong(errors, "factor")
    if villages := text(form, "village_group"):
        factor["village_group"] = villages
    body["factors"] = [factor]
    return body, errors


def service_errors(fields: dict[str, str], known: tuple[str, ...]) -> dict[str, str]:
    """The balancer's 422 ("factors.0.factor", "end", "body") beside the field it names,
    in the page's language; a field the form does not have goes to its first field."""
    found: dict[str, str] = {}
    for path in fields:
        parts = [p for p in path.split(".") if p in known]
        name = parts[-1] if parts else known[0]
        found.setdefault(name, gettext(REFUSALS[name]) if name in REFUSALS else message(name))
    return found


async def send(
    service: BoundClient,
    path: str,
    checked: tuple[dict[str, Any], dict[str, str]],
    known: tuple[str, ...],
    done: str,
) -> tuple[Response | None, dict[str, str]]:
    """POST a checked form's body: (a redirect to ``done``, {}) when the service takes
    it, else (None, the fields at fault): the portal's own checks first, then the
    service's 422 said beside its field."""
    body, errors = checked
    if errors:
        return None, errors
    try:
        await service.post(path, json=body)
    except FieldErrors as refused:
        return None, service_errors(refused.fields, known)
    return RedirectResponse(done, status_code=303), {}

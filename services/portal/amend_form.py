"""The office's amend form (quantity, deadline: what intake's ``PATCH /v1/orders/{id}``
allows): what the page checks itself, and intake's 409/422 said in the page's language."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from services.portal.i18n import N_, gettext
from services.portal.order_form import SERVICE_REASONS

WHOLE = N_("Enter a whole number of pieces, at least 1")
NOT_A_DAY = N_("Enter a day")
NOTHING = N_("Change the quantity, the deadline or both")
PLACED = N_("{units} pieces are already placed with enterprises: the quantity cannot go below")
LOCKED = N_("This order can no longer be changed: production has started, or it is closed.")
PLACED_UNITS = re.compile(r"^(\d+) units are already placed")


def check(form: dict[str, Any], order: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Only what changed goes to intake; an unchanged form is said, not sent."""
    body: dict[str, Any] = {}
    errors: dict[str, str] = {}
    quantity = str(form.get("quantity") or "").strip()
    if not quantity.isdigit() or int(quantity) < 1:
        errors["quantity"] = gettext(WHOLE)
    elif int(quantity) != order["quantity"]:
        body["quantity"] = int(quantity)
    try:
        deadline = date.fromisoformat(str(form.get("deadline") or "").strip()).isoformat()
        if deadline != order["deadline"]:
            body["deadline"] = deadline
    except ValueError:
        errors["deadline"] = gettext(NOT_A_DAY)
    if not errors and not body:
        errors["quantity"] = gettext(NOTHING)
    return body, errors


def service_errors(fields: dict[str, str]) -> dict[str, str]:
    """Intake's 422 beside the field it names."""
    found: dict[str, str] = {}
    for path, _reason in fields.items():
        name = path.split(".")[-1]
        name = name if name in ("quantity", "deadline") else "quantity"
        found.setdefault(name, gettext(SERVICE_REASONS[name]))
    return found


def conflict(message: str) -> tuple[str, dict[str, str]]:
    """Intake's 409: placed units are the quantity's fault, anything else the order's state
    (a notice for the whole page)."""
    placed = PLACED_UNITS.match(message)
    if placed:
        return "", {"quantity": gettext(PLACED).format(units=f"{int(placed.group(1)):,}")}
    return gettext(LOCKED), {}

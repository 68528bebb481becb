"""The materials and inspection forms (fulfilment): lines typed per material, quantities as
decimals, and what to say, in the page's language, beside the field at fault."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from services.portal.i18n import N_, gettext
from services.portal.money_forms import fen, text, whole

QUANTITY = re.compile(r"^\d{1,11}(\.\d{1,3})?$")

QTY = N_("Enter a quantity of 0 or more, like 5.8")
DAY = N_("Enter a day: not in the future")
LEDGER = N_("More than this line received: consumed, returned and scrapped cannot add up to more")
NOTHING = N_("Enter a quantity for at least one material line")
CARRIER = N_("Enter the carrier")
UNITS = N_("Enter the finished units sent back, no more than the lot has")
INSPECTED = N_("Enter the units inspected: at least 1, no more than are up for inspection")
DEFECTIVE = N_("Enter the defective units: from 0 to the units inspected")
DECISION = N_("Choose a decision")
REASON = N_("This decision goes against the order's defect tolerance: give a reason")
DEDUCTION = N_("Enter the deduction in yuan; only with accept with a deduction")
REWORK_DUE = N_("Give the rework's new due date, not before the inspection")
NO_REWORK = N_("Nothing to rework: no defective units")
REFUSED = N_("Fulfilment refused this: check the figures")


def _lines(form: dict[str, Any], *names: str) -> list[dict[str, str]]:
    columns = [form.get(f"{n}[]", []) for n in ("item", *names)]
    columns = [c if isinstance(c, list) else [c] for c in columns]
    return [
        {"item": row[0].strip(), **{n: v.strip() for n, v in zip(names, row[1:], strict=True)}}
        for row in zip(*columns, strict=False)
    ]


def _day(raw: str, today: date, *, future: bool = False) -> str | None:
    try:
        d = date.fromisoformat(raw) if raw else today
    except ValueError:
        return None
    return None if d > today and not future else d.isoformat()


def receipt(
    form: dict[str, Any], job_id: str, today: date
) -> tuple[dict[str, Any], dict[str, str], list[dict[str, str]]]:
    lines = _lines(form, "counted")
    errors = {
        f"counted-{n}": gettext(QTY)
        for n, ln in enumerate(lines)
        if not QUANTITY.match(ln["counted"])
    }
    on = _day(text(form, "received_on"), today)
    if on is None:
        errors["received_on"] = gettext(DAY)
    body = {
        "job_id": job_id,
        "received_on": on,
        "lines": [{"item": ln["item"], "counted": ln["counted"]} for ln in lines],
    }
    return body, errors, lines


def usage(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], list[dict[str, str]]]:
    lines = _lines(form, "consumed", "returned", "scrapped")
    errors: dict[str, str] = {}
    for n, ln in enumerate(lines):
        for k in ("consumed", "returned", "scrapped"):
            ln[k] = ln[k] or "0"
            if not QUANTITY.match(ln[k]):
                errors.setdefault(f"{k}-{n}", gettext(QTY))
    return {"lines": lines}, errors, lines


def consignment(
    form: dict[str, Any], today: date, job_id: str | None = None
) -> tuple[dict[str, Any], dict[str, str], list[dict[str, str]]]:
    """Materials out to one lot (``job_id``), or to several: then each line names its lot
    (``job[]``), as on the page proposing to ship lots together."""
    lines = _lines(form, "quantity") if job_id else _lines(form, "job", "quantity")
    errors = {
        f"quantity-{n}": gettext(QTY)
        for n, ln in enumerate(lines)
        if ln["quantity"] and not QUANTITY.match(ln["quantity"])
    }
    sent = [
        ln
        for ln in lines
        if ln["quantity"] and QUANTITY.match(ln["quantity"]) and float(ln["quantity"]) > 0
    ]
    if not sent and not errors:
        errors["quantity-0"] = gettext(NOTHING)
    carrier = text(form, "carrier")
    if not carrier:
        errors["carrier"] = gettext(CARRIER)
    on = _day(text(form, "shipped_on"), today)
    if on is None:
        errors["shipped_on"] = gettext(DAY)
    body = {
        "lines": [
            {"job_id": job_id or ln["job"], "item": ln["item"], "quantity": ln["quantity"]}
            for ln in sent
        ],
        "carrier": carrier,
        "shipped_on": on,
    }
    return body, errors, lines


def goods_back(form: dict[str, Any], today: date) -> tuple[dict[str, Any], dict[str, str]]:
    """Finished units (and the returned materials already reported) back to the market."""
    units, carrier = whole(text(form, "units")), text(form, "carrier")
    errors: dict[str, str] = {}
    if units is None:
        errors["units"] = gettext(UNITS)
    if not carrier:
        errors["carrier"] = gettext(CARRIER)
    on = _day(text(form, "shipped_on"), today)
    if on is None:
        errors["shipped_on"] = gettext(DAY)
    return {"units": units, "carrier": carrier, "shipped_on": on}, errors


def inspection(form: dict[str, Any], today: date) -> tuple[dict[str, Any], dict[str, str]]:
    inspected, defective = whole(text(form, "inspected")), whole(text(form, "defective") or "0")
    decision, raw_deduction = text(form, "decision"), text(form, "deduction_yuan")
    errors: dict[str, str] = {}
    if inspected is None or inspected < 1:
        errors["inspected"] = gettext(INSPECTED)
    if defective is None:
        errors["defective"] = gettext(DEFECTIVE)
    if decision not in ("accept", "accept_with_deduction", "reject_for_rework"):
        errors["decision"] = gettext(DECISION)
    deduction = fen(raw_deduction) if raw_deduction else 0
    if deduction is None:
        errors["deduction_yuan"] = gettext(DEDUCTION)
    body: dict[str, Any] = {
        "inspected": inspected, "defective": defective, "decision": decision,
        "reason": text(form, "reason")[:2000], "deduction_fen": deduction or 0,
        "inspected_on": today.isoformat(),
    }  # fmt: skip
    due = text(form, "rework_due")
    if decision == "reject_for_rework" or due:
        on = _day(due, today, future=True) if due else None
        if on is None and decision == "reject_for_rework":
            errors["rework_due"] = gettext(REWORK_DUE)
        body["rework_due"] = on
    return body, errors


SERVICE_FIELDS = {
    "inspected": ("inspected", INSPECTED),
    "defective": ("defective", DEFECTIVE),
    "reason": ("reason", REASON),
    "deduction_fen": ("deduction_yuan", DEDUCTION),
    "rework_due": ("rework_due", REWORK_DUE),
    "decision": ("decision", DECISION),
    "received_on": ("received_on", DAY),
    "shipped_on": ("shipped_on", DAY),
    "carrier": ("carrier", CARRIER),
    "units": ("units", UNITS),
}


def service_errors(
    fields: dict[str, str], lines: list[dict[str, str]], column: str
) -> dict[str, str]:
    """Fulfilment's 422 (English) beside the portal's field: ``lines.2.counted`` and an item
    name (the ledger's refusal names the line) land on that line's ``column``."""
    items = [ln["item"] for ln in lines]
    found: dict[str, str] = {}
    for path in fields:
        parts = path.split(".")
        if path in SERVICE_FIELDS:
            name, msgid = SERVICE_FIELDS[path]
            if path == "defective" and "nothing to rework" in fields[path]:
                msgid = NO_REWORK
            found[name] = gettext(msgid)
        elif path in items:
            found[f"{column}-{items.index(path)}"] = gettext(LEDGER)
        elif len(parts) >= 2 and parts[0] == "lines" and parts[1].isdigit():
            found[f"{column}-{parts[1]}"] = gettext(QTY)
        else:
            found.setdefault("form", gettext(REFUSED))
    return found

"""The new-order form: read what was typed, say what is wrong in the page's language,
and build the body intake's ``POST /v1/orders`` takes (fee in yuan; intake keeps fen)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from services.portal.i18n import N_, gettext

YUAN = re.compile(r"^\d{1,8}(\.\d{1,2})?$")
PERCENT = re.compile(r"^\d{1,3}(\.\d{1,2})?$")
MATERIAL = re.compile(r"^\d{1,9}(\.\d{1,3})?$")
FIELDS = (
    "client_id", "category", "description", "quantity", "unit_fee_cny", "materials_ready",
    "deadline", "origin_market", "min_lot", "quality_requirements", "defect_tolerance_pct",
)  # fmt: skip
# What to say when intake refuses a field the portal's own checks let through.
SERVICE_REASONS = {
    "deadline": N_(
        "Check the deadline: after the materials-ready date, not in the past, within a year"
    ),
    "materials_ready": N_("Check the materials-ready date"),
    "quantity": N_("Enter a whole number of pieces, at least 1"),
    "unit_fee_cny": N_("Enter the fee per piece in yuan, like 0.35"),
    "category": N_("Choose a product category"),
    "client_id": N_("Choose a client"),
    "min_lot": N_("Enter the smallest lot as a whole number, at least 1"),
}  # fmt: skip


def _text(form: dict[str, Any], name: str) -> str:
    value = form.get(name, "")
    return (value[-1] if isinstance(value, list) and value else str(value or "")).strip()


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def values(form: dict[str, Any]) -> dict[str, Any]:
    """What was typed, to show again in the form."""
    found: dict[str, Any] = {name: _text(form, name) for name in FIELDS}
    found["splittable"] = bool(form.get("splittable"))
    items, amounts, units = (form.get(k, []) for k in ("item[]", "amount[]", "unit[]"))
    found["materials"] = [
        {"item": i.strip(), "quantity": a.strip(), "unit": u.strip()}
        for i, a, u in zip(items, amounts, units, strict=False)
        if i.strip() or a.strip()
    ]
    return found


def check(v: dict[str, Any]) -> dict[str, str]:
    """Field -> message in the page's language; empty when the form can be sent."""
    errors: dict[str, str] = {}

    def wrong(field: str, message: str) -> None:
        errors.setdefault(field, gettext(message))

    if not v["client_id"]:
        wrong("client_id", N_("Choose a client"))
    if not v["category"]:
        wrong("category", N_("Choose a product category"))
    if not v["description"]:
        wrong("description", N_("Describe the product, e.g. its model and colours"))
    if not v["quantity"].isdigit() or int(v["quantity"]) < 1:
        wrong("quantity", N_("Enter a whole number of pieces, at least 1"))
    if not YUAN.match(v["unit_fee_cny"]) or float(v["unit_fee_cny"]) <= 0:
        wrong("unit_fee_cny", N_("Enter the fee per piece in yuan, like 0.35"))
    ready, deadline = _day(v["materials_ready"]), _day(v["deadline"])
    if ready is None:
        wrong("materials_ready", N_("Enter the date the materials are ready"))
    if deadline is None:
        wrong("deadline", N_("Enter the deadline"))
    elif ready is not None and deadline <= ready:
        wrong("deadline", N_("The deadline must be after the materials-ready date"))
    if not v["origin_market"]:
        wrong("origin_market", N_("Choose the market the materials come from"))
    if v["min_lot"] and (not v["min_lot"].isdigit() or int(v["min_lot"]) < 1):
        wrong("min_lot", N_("Enter the smallest lot as a whole number, at least 1"))
    if v["defect_tolerance_pct"] and (
        not PERCENT.match(v["defect_tolerance_pct"]) or float(v["defect_tolerance_pct"]) > 100
    ):
        wrong("defect_tolerance_pct", N_("Enter a percentage from 0 to 100, like 1.5"))
    for line in v["materials"]:
        if not line["item"] or not MATERIAL.match(line["quantity"]) or not line["unit"]:
            wrong("materials", N_("Each materials line needs an item, a quantity and a unit"))
    return errors


def body(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "client_id": v["client_id"],
        "category": v["category"],
        "description": v["description"],
        "quantity": int(v["quantity"]),
        "unit_fee_cny": v["unit_fee_cny"],
        "materials_ready": v["materials_ready"],
        "deadline": v["deadline"],
        "origin_market": v["origin_market"],
        "splittable": v["splittable"],
        "min_lot": int(v["min_lot"] or 1),
        "quality_requirements": v["quality_requirements"],
        "defect_tolerance_pct": v["defect_tolerance_pct"] or "0",
        "materials": v["materials"],
    }


def service_errors(fields: dict[str, str]) -> dict[str, str]:
    """Intake's 422 (English reasons) as messages beside the portal's fields."""
    found: dict[str, str] = {}
    for path, reason in fields.items():
        name = path.split(".")[0]
        msgid = SERVICE_REASONS.get(name)
        found[name if name in FIELDS or name == "materials" else "form"] = (
            gettext(msgid) if msgid else reason
        )
    return found

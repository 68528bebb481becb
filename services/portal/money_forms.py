"""The money forms' fields (yuan typed, fen sent; months; whole numbers) and what to say,
in the page's language, when one is wrong or a service refuses it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from services.portal.i18n import N_, gettext

YUAN = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

AMOUNT = N_("Enter an amount in yuan above 0, like 1250.50")
OVERPAID = N_("More than is still owed on this delivery ({owed})")
PAID_ON = N_("Enter the day it was paid: not before the delivery, not in the future")
FEE = N_("Enter the annual fee in yuan, like 250000")
WORKERS = N_("Enter the number of workers as a whole number")
KIND = N_("Choose general or machinery processing")
MONTH_WRONG = N_("Choose a month like 2026-11")
YEAR_WRONG = N_("Enter a year like 2026")


def text(form: dict[str, Any], name: str) -> str:
    value = form.get(name, "")
    return (value[-1] if isinstance(value, list) and value else str(value or "")).strip()


def fen(raw: str) -> int | None:
    """'1,250.5' yuan -> 125050 fen; None when it is not an amount."""
    cleaned = raw.replace(",", "").replace("¥", "").strip()
    if not YUAN.match(cleaned):
        return None
    return int(Decimal(cleaned) * 100)


def whole(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


def month(raw: str, today: date) -> str | None:
    """A month like 2026-11 (today's month when empty); None when it is not one."""
    if not raw:
        return today.strftime("%Y-%m")
    return raw if MONTH.match(raw) else None


def payment(form: dict[str, Any], today: date) -> tuple[dict[str, Any], dict[str, str]]:
    """The office's payment form -> settlement's body, or errors beside the fields."""
    amount, on = fen(text(form, "amount_yuan")), text(form, "paid_on") or today.isoformat()
    errors: dict[str, str] = {}
    if amount is None or amount <= 0:
        errors["amount_yuan"] = gettext(AMOUNT)
    try:
        paid_on = date.fromisoformat(on)
        if paid_on > today:
            errors["paid_on"] = gettext(PAID_ON)
    except ValueError:
        errors["paid_on"] = gettext(PAID_ON)
    return {"amount_fen": amount, "paid_on": on}, errors


def what_if(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The broker's what-if form -> the evaluate body, or errors beside the fields."""
    kind, fee, workers = text(form, "kind"), fen(text(form, "annual_fee_yuan")), None
    errors: dict[str, str] = {}
    if kind not in ("general", "machinery"):
        errors["kind"] = gettext(KIND)
    if fee is None:
        errors["annual_fee_yuan"] = gettext(FEE)
    workers = whole(text(form, "workers"))
    if workers is None:
        errors["workers"] = gettext(WORKERS)
    return {"kind": kind, "annual_fee_fen": fee, "workers": workers}, errors

"""The county freight budget form: a percent for the region and, optionally, one per
county (empty: the region's). Checked here first, so a clerk's "2%" or "２" is read
as they meant it and anything else is said beside its field in the page's language."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from services.portal.i18n import N_, gettext
from services.portal.i18n.formatting import quantity
from services.portal.i18n.labels import COUNTIES

DEFAULT = "default_percent"
PERCENT = N_("Enter a percent from 0 to 100, with at most two decimals (e.g. 2 or 2.5)")


def county_field(county: str) -> str:
    return f"county_{county}"


def percent(raw: str) -> Decimal | None:
    """``"2"``, ``"2.5"``, ``"2%"``, full-width ``"２．５％"`` -> Decimal; else None."""
    text = unicodedata.normalize("NFKC", raw).strip().removesuffix("%").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 <= value <= 100 or value != value.quantize(Decimal("0.01")):
        return None
    return value


def budget(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the body of matching's ``PUT /v1/budget``, {}) or (partial body, the fields at fault)."""
    errors: dict[str, str] = {}
    default = percent(str(form.get(DEFAULT) or ""))
    if default is None:
        errors[DEFAULT] = gettext(PERCENT)
    counties: dict[str, float] = {}
    for county in COUNTIES:
        raw = str(form.get(county_field(county)) or "").strip()
        if not raw:
            continue
        value = percent(raw)
        if value is None:
            errors[county_field(county)] = gettext(PERCENT)
        else:
            counties[county] = float(value)
    body = {"default_percent": float(default or 0), "counties": counties}
    return body, errors


def typed(setting: dict[str, Any]) -> dict[str, str]:
    """The stored setting as the form's values (percent written without trailing zeros)."""
    values = {DEFAULT: quantity(setting["default_percent"])}
    for county, value in setting.get("counties", {}).items():
        values[county_field(county)] = quantity(value)
    return values

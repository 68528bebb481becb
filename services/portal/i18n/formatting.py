"""Money, dates and numbers the way each language writes them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime

from services.portal.i18n import BABEL_LOCALE, current_language
from shared.region.clock import LISHUI


def money(fen: int | None) -> str:
    """Integer fen as yuan: 123450 -> ``¥1,234.50`` (both languages write CNY this way)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}¥{yuan:,}.{cents:02d}"


def day(value: date | str | None) -> str:
    """2026年3月5日 in Chinese, Mar 5, 2026 in English."""
    if value is None or value == "":
        return ""
    d = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    lang = current_language()
    fmt = "long" if lang == "zh" else "medium"
    return format_date(d, format=fmt, locale=BABEL_LOCALE[lang])


def moment(value: datetime | str | None) -> str:
    """A date and time in Lishui time: 2026年3月5日 14:05 / Mar 5, 2026, 14:05."""
    if value is None or value == "":
        return ""
    dt = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = dt.astimezone(LISHUI)
    return f"{day(local.date())} {format_datetime(local, 'HH:mm', locale='en')}"


def number(value: int | None) -> str:
    return "" if value is None else f"{int(value):,}"


def yuan_to_fen(yuan: str | Decimal | int) -> int:
    """Intake answers fees in yuan with 2 decimals ("0.35"): exact integer fen (35)."""
    return int(Decimal(str(yuan)) * 100)


def quantity(value: str | Decimal | float | None) -> str:
    """A quantity or a percentage as written by hand: "0.200" -> "0.2", "6.000" -> "6"."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

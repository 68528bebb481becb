"""Money is integer fen; a computed line is rounded half-up to the fen once, at the end."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_fen(exact: Decimal) -> int:
    """Half-up to the whole fen (0.5 fen -> 1 fen), the one rounding of a line."""
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def yuan(fen: int) -> str:
    """``1234567`` -> ``"12,345.67"``: how a clerk reads an amount."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"

"""Availability factors as exact fractions, so 0.6 of 10 units is 6, never 5.999."""

from decimal import Decimal
from fractions import Fraction

from services.balancer.domain.errors import InvalidFact

Factor = Fraction
FactorInput = Fraction | Decimal | int | float | str

MIN_FACTOR = Fraction(0)
MAX_FACTOR = Fraction(2)


def parse_factor(value: FactorInput) -> Fraction:
    """An exact factor in [0, 2]: 0.6 means 40% of the workers are gone, 0 closed."""
    try:
        factor = value if isinstance(value, Fraction) else Fraction(str(value))
    except (ValueError, ZeroDivisionError) as exc:
        raise InvalidFact(f"not a factor: {value!r}") from exc
    if not MIN_FACTOR <= factor <= MAX_FACTOR:
        raise InvalidFact(f"factor {value} outside [0, 2]")
    return factor


def apply_factor(base_units: int, factor: Fraction) -> int:
    """Whole units a day left after the factor, rounded down (a half worker makes no bundle)."""
    if factor == 1:  # most days of most places: no fraction arithmetic
        return base_units
    return int(base_units * factor)

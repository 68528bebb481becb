"""Say what is wrong with a request's input in the user's terms, not pydantic's.

Pydantic explains its own checks ("Datetimes provided to dates should have zero
time", "Decimal input should have no more than 10 digits in total"); a liaison
office needs to know what to type instead. ``reason`` turns one validation error
into such a sentence naming the field; a schema that knows better (say, that a fee
is yuan with at most 2 decimals) raises ``InputRule`` from its own validator and
its message is kept as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError

# A custom error type whose message is already written for the user.
INPUT_RULE = "input_rule"

Ctx = Mapping[str, Any]


def InputRule(message: str) -> PydanticCustomError:
    """Raise from a validator: ``message`` reaches the user verbatim (braces are escaped)."""
    return PydanticCustomError(INPUT_RULE, message.replace("{", "{{").replace("}", "}}"))


def explained(message: str) -> WrapValidator:
    """``Annotated[Decimal, Field(...), explained("unit fee must be ...")]``: any failure of
    the field's own checks (kept in the schema for clients) is reported as ``message``."""

    def check(value: Any, inner: ValidatorFunctionWrapHandler) -> Any:
        try:
            return inner(value)
        except ValidationError as exc:
            raise InputRule(message) from exc

    return WrapValidator(check)


def _date(label: str, ctx: Ctx) -> str:
    return f"{label} must be a date like 2026-12-31"


def _datetime(label: str, ctx: Ctx) -> str:
    return f"{label} must be a date and time like 2026-12-31T08:00:00+08:00"


def _number(label: str, ctx: Ctx) -> str:
    return f"{label} must be a number like 12.5"


def _decimals(label: str, ctx: Ctx) -> str:
    places = ctx.get("decimal_places")
    return (
        f"{label} may have at most {places} decimals" if places is not None else _number(label, ctx)
    )


def _digits(label: str, ctx: Ctx) -> str:
    return f"{label} has too many digits: at most {ctx.get('max_digits', '?')} in total"


def _whole(label: str, ctx: Ctx) -> str:
    return f"{label} must be a whole number like 1200"


def _above(label: str, ctx: Ctx) -> str:
    return f"{label} must be more than {ctx.get('gt')}"


def _at_least(label: str, ctx: Ctx) -> str:
    return f"{label} must be at least {ctx.get('ge')}"


def _below(label: str, ctx: Ctx) -> str:
    return f"{label} must be less than {ctx.get('lt')}"


def _at_most(label: str, ctx: Ctx) -> str:
    return f"{label} must be at most {ctx.get('le')}"


def _text(label: str, ctx: Ctx) -> str:
    return f"{label} must be text"


def _short(label: str, ctx: Ctx) -> str:
    n = ctx.get("min_length")
    return f"{label} must not be empty" if n == 1 else f"{label} needs at least {n} characters"


def _long(label: str, ctx: Ctx) -> str:
    return f"{label} may have at most {ctx.get('max_length')} characters"


def _pattern(label: str, ctx: Ctx) -> str:
    return f"{label} must match {ctx.get('pattern')}"


def _yes_no(label: str, ctx: Ctx) -> str:
    return f"{label} must be true or false"


def _uuid(label: str, ctx: Ctx) -> str:
    return f"{label} must be an id like 6f1c8a52-3f57-4a5e-9a43-1f3a1f0b9a10"


def _choice(label: str, ctx: Ctx) -> str:
    return f"{label} must be one of {ctx.get('expected')}"


def _missing(label: str, ctx: Ctx) -> str:
    return f"{label} is required"


def _extra(label: str, ctx: Ctx) -> str:
    return f"{label} is not a field of this request"


def _object(label: str, ctx: Ctx) -> str:
    return f"{label} must be a JSON object"


def _list(label: str, ctx: Ctx) -> str:
    return f"{label} must be a list"


WORDING: dict[str, Callable[[str, Ctx], str]] = {
    **dict.fromkeys(
        (
            "date_type",
            "date_parsing",
            "date_from_datetime_parsing",
            "date_from_datetime_inexact",
        ),
        _date,
    ),
    **dict.fromkeys(("datetime_type", "datetime_parsing", "datetime_from_date_parsing"), _datetime),
    **dict.fromkeys(("decimal_type", "decimal_parsing", "float_type", "float_parsing"), _number),
    "decimal_max_places": _decimals,
    **dict.fromkeys(("decimal_max_digits", "decimal_whole_digits"), _digits),
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), _whole),
    "greater_than": _above,
    "greater_than_equal": _at_least,
    "less_than": _below,
    "less_than_equal": _at_most,
    "string_type": _text,
    "string_too_short": _short,
    "string_too_long": _long,
    "string_pattern_mismatch": _pattern,
    **dict.fromkeys(("bool_type", "bool_parsing"), _yes_no),
    **dict.fromkeys(("uuid_type", "uuid_parsing"), _uuid),
    "enum": _choice,
    "literal_error": _choice,
    "missing": _missing,
    "extra_forbidden": _extra,
    **dict.fromkeys(("model_attributes_type", "dict_type", "model_type"), _object),
    "list_type": _list,
}


WHERE = frozenset({"body", "query", "path", "header", "cookie"})


def label(loc: tuple[int | str, ...]) -> str:
    """``("body", "materials", 0, "quantity")`` -> ``"materials[0].quantity"``."""
    out = ""
    for i, part in enumerate(loc):
        if i == 0 and part in WHERE:
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def reason(error: Mapping[str, Any]) -> str:
    """One validation error as a sentence the user can act on."""
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    if kind == INPUT_RULE:
        return str(error["msg"])
    if kind == "value_error":  # a validator's ValueError: its message is already the reason
        return str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
    wording = WORDING.get(kind)
    return wording(label(tuple(error.get("loc", ()))), ctx) if wording else str(error["msg"])

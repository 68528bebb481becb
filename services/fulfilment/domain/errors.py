"""Rules the fulfilment domain refuses, each naming the field at fault (for a clear 422)."""

from __future__ import annotations


class FulfilmentError(ValueError):
    """Base of every refusal; ``field`` is the input at fault, in the API's terms."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class LedgerRefused(FulfilmentError):
    """An entry that would break received = consumed + returned + scrapped + held."""


class IllegalTransition(FulfilmentError):
    """A step asked of an aggregate in a state that does not allow it (a 409)."""

"""Domain refusals as clear answers: bad values 422 naming the field, state conflicts 409."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from services.balancer.domain.errors import (
    BalancerError,
    IllegalTransition,
    InvalidSeason,
    LoanError,
    UnknownCounty,
)
from shared.service.errors import DomainError, InvalidInput

T = TypeVar("T")


def answered(call: Callable[[], T]) -> T:
    """Runs one domain step; a bad season is a 422 on `factors`, a loan conflict a 409."""
    try:
        return call()
    except (InvalidSeason, UnknownCounty) as exc:
        raise InvalidInput(str(exc), field="factors") from exc
    except (IllegalTransition, LoanError) as exc:
        raise DomainError(str(exc)) from exc


async def answered_async(step: Awaitable[None]) -> None:
    """Awaits a saga step; any domain refusal is a 409."""
    try:
        await step
    except BalancerError as exc:
        raise DomainError(str(exc)) from exc

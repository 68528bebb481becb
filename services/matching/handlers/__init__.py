"""Matching's commands and reactions on offers and jobs: each opens (or joins) the unit
of work, loads aggregates through its repositories, calls one method, publishes the
events the aggregate recorded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from services.matching.domain.errors import InvalidWork, WorkRuleBroken
from shared.db.unit_of_work import UnitOfWork
from shared.events import Payload
from shared.service.errors import DomainError, InvalidInput


class Recording(Protocol):
    events: list[Payload]


def publish_recorded(uow: UnitOfWork, *aggregates: Recording) -> None:
    """Stage what the aggregates recorded, in order, once."""
    for aggregate in aggregates:
        for event in aggregate.events:
            uow.publish(event)
        aggregate.events.clear()


@contextmanager
def refusals() -> Iterator[None]:
    """A rule the offer or job enforces answers 409 (its state) or 422 (a value)."""
    try:
        yield
    except InvalidWork as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc
    except WorkRuleBroken as exc:
        raise DomainError(str(exc)) from exc

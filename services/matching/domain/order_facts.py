"""Which of intake's facts about an order wins, whatever order they arrive in.

Intake publishes an order's OrderSubmitted, OrderAmended and OrderCancelled
keyed by its id, so Kafka normally delivers them in order; a replay, a
redelivery or facts of one order on two partitions may still shuffle them.
The terms matching keeps must not depend on that:

- the newest amendment sets quantity and deadline, whenever it arrives. Newest is
  by the order's own sequence number (v2 events carry it: 1 for the submission, +1
  per change), so skewed producer clocks cannot swap two quick amendments; facts
  without one (v1) fall back to ``occurred_at``, then event id, so two equal clocks
  still agree everywhere;
- a cancellation is final: nothing arriving after it makes the order matchable;
- facts that overtake their OrderSubmitted wait for it (``settle``).

``apply`` is commutative and idempotent, so any delivery order of the same
facts, repeats included, ends in the same ``Terms``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum, StrEnum
from functools import reduce, total_ordering


@total_ordering
@dataclass(frozen=True)
class Stamp:
    at: datetime
    event_id: uuid.UUID
    sequence: int | None = None  # the order's own count of its changes (v2 events)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Stamp):
            return NotImplemented
        both = self.sequence is not None and other.sequence is not None
        if both and self.sequence != other.sequence:
            return self.sequence < other.sequence  # type: ignore[operator]
        return (self.at, self.event_id) < (other.at, other.event_id)


@dataclass(frozen=True)
class Amendment:
    quantity: int
    deadline: date
    stamp: Stamp


@dataclass(frozen=True)
class Cancellation:
    stamp: Stamp


Fact = Amendment | Cancellation


class FactKind(StrEnum):
    """Which fact is parked while its order's OrderSubmitted has not arrived."""

    AMENDED = "amended"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Terms:
    quantity: int
    deadline: date
    amended: Stamp | None = None  # the amendment quantity and deadline come from; None: submitted
    cancelled: bool = False


class Action(Enum):
    NONE = "none"  # an older amendment or a repeated cancellation: nothing changes
    CANCEL = "cancel"  # withdraw open offers; the order is never matched again
    REMATCH = "rematch"  # withdraw open offers; new terms go back to the matcher
    RECORD = "record"  # new terms for a cancelled order: stored, never matched


def apply(terms: Terms, fact: Fact) -> Terms:
    if isinstance(fact, Cancellation):
        return replace(terms, cancelled=True)
    if terms.amended is not None and fact.stamp <= terms.amended:
        return terms  # an amendment older than the one already applied
    return replace(terms, quantity=fact.quantity, deadline=fact.deadline, amended=fact.stamp)


def settle(submitted: Terms, early: Iterable[Fact]) -> Terms:
    """The terms of a just-submitted order once the facts that overtook it are applied."""
    return reduce(apply, sorted(early, key=lambda f: f.stamp), submitted)


def action(before: Terms, after: Terms) -> Action:
    """What applying a fact to a known order asks of the service."""
    if after == before:
        return Action.NONE
    if after.cancelled:
        return Action.RECORD if before.cancelled else Action.CANCEL
    return Action.REMATCH

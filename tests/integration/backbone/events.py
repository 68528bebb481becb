"""A private contract for the backbone tests, in its own registry."""

from __future__ import annotations

from pydantic import field_validator

from shared.events import EventRegistry, Payload
from shared.kafka.topics import Topic

test_registry = EventRegistry()


@test_registry.contract("CounterBumped", 1, topic=Topic("test.counters"), key="counter")
class CounterBumped(Payload):
    counter: str
    seq: int

    @field_validator("counter")
    @classmethod
    def _not_cursed(cls, counter: str) -> str:
        # A validator with a bug: pydantic passes anything but ValueError and
        # AssertionError through as is, so decoding raises something else than
        # EventRejected (the inbox test of a record that cannot be decoded that way).
        if counter == "cursed":
            raise LookupError("a validator's own bug")
        return counter

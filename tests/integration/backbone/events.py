"""A private contract for the backbone tests, in its own registry."""

from __future__ import annotations

from shared.events import EventRegistry, Payload
from shared.kafka.topics import Topic

test_registry = EventRegistry()


@test_registry.contract("CounterBumped", 1, topic=Topic("test.counters"), key="counter")
class CounterBumped(Payload):
    counter: str
    seq: int

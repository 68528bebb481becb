"""A private contract for the backbone tests, in its own registry."""

from __future__ import annotations

from shared.events import EventRegistry, Payload

test_registry = EventRegistry()


@test_registry.contract("CounterBumped", 1)
class CounterBumped(Payload):
    counter: str
    seq: int

"""Versioned event contracts and the envelope that carries them on Kafka."""

from shared.events.envelope import Envelope, new_envelope
from shared.events.errors import EventRejected, MalformedEvent, UnknownEvent
from shared.events.payload import Payload
from shared.events.registry import EventRegistry, registry

__all__ = [
    "Envelope",
    "EventRegistry",
    "EventRejected",
    "MalformedEvent",
    "Payload",
    "UnknownEvent",
    "new_envelope",
    "registry",
]

"""Maps (type, version) to the pydantic model of its payload.

Contracts register themselves with their topic and key field,
``@registry.contract("OrderSubmitted", 1, topic=ORDERS, key="order_id")``, so a
publisher never picks them (``UnitOfWork.publish(payload)``); consumers decode
with ``registry.decode(envelope)`` and get a typed payload or
a clear ``EventRejected``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import ValidationError

from shared.events.envelope import Envelope
from shared.events.errors import MalformedEvent, UnknownEvent
from shared.events.payload import Payload
from shared.kafka.topics import Topic

P = TypeVar("P", bound=type[Payload])


class EventRegistry:
    def __init__(self) -> None:
        self._models: dict[tuple[str, int], type[Payload]] = {}

    def contract(
        self, event_type: str, version: int, *, topic: Topic, key: str
    ) -> Callable[[P], P]:
        def register(model: P) -> P:
            known = self._models.get((event_type, version))
            if known is not None and known is not model:
                raise ValueError(f"{event_type} v{version} is already registered")
            if key not in model.__pydantic_fields__:
                raise ValueError(f"{event_type} v{version} has no key field {key!r}")
            model.event_type, model.event_version = event_type, version
            model.event_topic, model.event_key_field = topic, key
            self._models[(event_type, version)] = model
            return model

        return register

    def model_for(self, event_type: str, version: int) -> type[Payload]:
        try:
            return self._models[(event_type, version)]
        except KeyError:
            raise UnknownEvent(f"no contract for {event_type} v{version}") from None

    def decode(self, envelope: Envelope) -> Payload:
        model = self.model_for(envelope.type, envelope.version)
        try:
            return model.model_validate(envelope.payload)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "payload"
            raise MalformedEvent(
                f"{envelope.type} v{envelope.version} {where}: {err['msg']}"
            ) from exc

    def known(self) -> list[tuple[str, int]]:
        return sorted(self._models)

    def models(self) -> list[type[Payload]]:
        """Every registered contract, by type then version."""
        return [self._models[k] for k in self.known()]


registry = EventRegistry()

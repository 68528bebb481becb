"""The envelope around every event: identity, causality and a versioned payload."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.events.errors import MalformedEvent
from shared.events.payload import Payload
from shared.logging import current_correlation


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: uuid.UUID
    type: str = Field(min_length=1, max_length=100)
    version: int = Field(ge=1)
    occurred_at: datetime
    key: str = Field(min_length=1, max_length=200)
    correlation_id: uuid.UUID
    causation_id: uuid.UUID | None = None
    payload: dict[str, Any]

    def to_bytes(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_bytes(cls, raw: bytes | None) -> Envelope:
        if not raw:
            raise MalformedEvent("empty message value")
        try:
            # Parsed and validated in one pass by pydantic-core: half the CPU of orjson + dict.
            return cls.model_validate_json(raw)
        except ValidationError as exc:
            if exc.errors()[0]["type"] == "json_invalid":
                raise MalformedEvent(f"value is not JSON: {_first_error(exc)}") from exc
            raise MalformedEvent(f"invalid envelope: {_first_error(exc)}") from exc

    def headers(self) -> list[tuple[str, bytes]]:
        """Kafka headers that let tools route or dedupe without parsing the value."""
        return [
            ("event_id", str(self.event_id).encode()),
            ("type", self.type.encode()),
            ("version", str(self.version).encode()),
            ("correlation_id", str(self.correlation_id).encode()),
        ]


def new_envelope(
    payload: Payload,
    *,
    key: str,
    correlation_id: uuid.UUID | None = None,
    causation_id: uuid.UUID | None = None,
) -> Envelope:
    """Wrap a registered payload model; type and version come from its contract.

    Ids not given come from the work in hand (an HTTP request's id, or the event a
    consumer is handling: ``shared.logging.correlation``), else the event starts a chain.
    """
    event_id = uuid.uuid4()
    work_correlation, work_cause = current_correlation()
    correlation_id = correlation_id or work_correlation
    causation_id = causation_id or work_cause
    return Envelope(
        event_id=event_id,
        type=payload.event_type,
        version=payload.event_version,
        occurred_at=datetime.now(UTC),
        key=key,
        correlation_id=correlation_id or event_id,
        causation_id=causation_id,
        payload=payload.model_dump(mode="json"),
    )


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "envelope"
    return f"{where}: {err['msg']}"

"""Base class of every event payload."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from shared.kafka.topics import Topic


class Payload(BaseModel):
    """Immutable and strict about unknown fields.

    The registry sets type, version, topic and the field whose value is the
    Kafka key, so a publisher only hands over the payload.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    event_type: ClassVar[str]
    event_version: ClassVar[int]
    event_topic: ClassVar[Topic]
    event_key_field: ClassVar[str]

    def event_key(self) -> str:
        """The Kafka key: the value of the contract's key field, as text."""
        return str(getattr(self, self.event_key_field))

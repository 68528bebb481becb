"""Base class of every event payload."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    """Immutable and strict about unknown fields; the registry sets type and version."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    event_type: ClassVar[str]
    event_version: ClassVar[int]

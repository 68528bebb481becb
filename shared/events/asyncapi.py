"""The event catalogue as an AsyncAPI 3.0 document, built from the registry and the catalogue.

Every registered contract is a message (``<Type>.v<version>``) on the channel of
its topic; the channel's producer has a ``send`` operation and each consumer a
``receive`` operation. A message's payload is the envelope (described once in
``components.schemas.Envelope``) with ``payload`` narrowed to the contract's
JSON schema; its Kafka key is the value of the contract's key field (``x-key``).

``document()`` is the whole system (``docs/asyncapi.json``); ``document(service)``
keeps the channels that service sends or receives (its ``GET /asyncapi.json``).
``python -m shared.events.asyncapi`` prints the whole document;
``--write docs`` writes ``docs/asyncapi.json`` and ``docs/events.md`` (``make docs``).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

import shared.contracts  # noqa: F401  (registers every contract)
from shared.events import catalogue
from shared.events.catalogue import Channel
from shared.events.envelope import Envelope
from shared.events.event_map import markdown
from shared.events.payload import Payload
from shared.events.registry import EventRegistry, registry

Doc = dict[str, Any]
SCHEMAS = "#/components/schemas/"
KAFKA_BINDING = "0.5.0"
DOC_VERSION = "1.0.0"


def message_id(model: type[Payload]) -> str:
    return f"{model.event_type}.v{model.event_version}"


def document(service: str | None = None, reg: EventRegistry = registry) -> Doc:
    """The AsyncAPI document of every channel, or of the channels ``service`` uses."""
    channels = catalogue.CHANNELS if service is None else catalogue.channels_of(service)
    models = [m for m in reg.models() if m.event_topic in {c.topic for c in channels}]
    schemas = _schemas(models)
    doc: Doc = {
        "asyncapi": "3.0.0",
        "id": f"urn:procnet:{service or 'events'}",
        "info": _info(service),
        "defaultContentType": "application/json",
        "channels": {c.topic.name: _channel(c, models) for c in channels},
        "operations": dict(_operations(channels, models, service)),
        "components": {
            "schemas": {k: schemas[k] for k in sorted(schemas)},
            "messages": {message_id(m): _message(m, models) for m in models},
        },
    }
    return doc


def render(doc: Doc) -> bytes:
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


def _info(service: str | None) -> Doc:
    whose = f"the channels procnet {service} sends or receives" if service else "every channel"
    return {
        "title": f"procnet {service} events" if service else "procnet events",
        "version": DOC_VERSION,
        "description": (
            f"Kafka topics of procnet, {whose}. Generated from the contract registry "
            "(`shared/contracts`) and `shared/events/catalogue.py` by `make docs`; do not edit.\n\n"
            "Every message value is a JSON envelope (`Envelope`) whose `payload` is the "
            "contract named by `type` and `version`; the Kafka key is the value of the "
            "contract's key field (`x-key`), so one aggregate's events stay in order on one "
            "partition. A contract never changes once published: a new shape is a new version "
            "beside the old one, and consumers keep accepting the old versions. A message a "
            "consumer can never apply is parked on the topic's dead-letter twin "
            "(`<topic>.dlq`, `x-dead-letters`) with the error in its headers."
        ),
    }


def _channel(c: Channel, models: list[type[Payload]]) -> Doc:
    topic = c.topic
    return {
        "address": topic.name,
        "title": topic.name,
        "description": c.about,
        "messages": {
            message_id(m): {"$ref": f"#/components/messages/{message_id(m)}"}
            for m in models
            if m.event_topic == topic
        },
        "bindings": {
            "kafka": {
                "partitions": topic.partitions,
                "topicConfiguration": {
                    "cleanup.policy": [topic.cleanup_policy],
                    "retention.ms": topic.retention_ms,
                },
                "bindingVersion": KAFKA_BINDING,
            }
        },
        "x-producer": c.producer,
        "x-consumers": list(c.consumers),
        "x-dead-letters": topic.dlq.name,
    }


def _operations(
    channels: tuple[Channel, ...], models: list[type[Payload]], service: str | None
) -> Iterator[tuple[str, Doc]]:
    for c in channels:
        name = c.topic.name
        refs = [
            {"$ref": f"#/channels/{name}/messages/{message_id(m)}"}
            for m in models
            if m.event_topic == c.topic
        ]
        parties = [(c.producer, "send"), *((consumer, "receive") for consumer in c.consumers)]
        for party, action in parties:
            if service is not None and party != service:
                continue
            op: Doc = {
                "action": action,
                "channel": {"$ref": f"#/channels/{name}"},
                "title": f"{party} {'publishes to' if action == 'send' else 'consumes'} {name}",
                "messages": refs,
                "tags": [{"name": party}],
            }
            if action == "receive":  # the inbox consumer's group is named after the service
                op["bindings"] = {
                    "kafka": {
                        "groupId": {"type": "string", "enum": [party]},
                        "bindingVersion": KAFKA_BINDING,
                    }
                }
            yield f"{party}.{action}.{name}", op


def _message(model: type[Payload], models: list[type[Payload]]) -> Doc:
    key = model.event_key_field
    versions = {m.event_version: m for m in models if m.event_type == model.event_type}
    doc = (model.__doc__ or "").strip() or _added_fields(model, versions)
    message: Doc = {
        "name": model.event_type,
        "title": f"{model.event_type} v{model.event_version}",
        "headers": {"$ref": f"{SCHEMAS}KafkaHeaders"},
        "payload": {
            "allOf": [
                {"$ref": f"{SCHEMAS}Envelope"},
                {
                    "type": "object",
                    "properties": {
                        "type": {"const": model.event_type},
                        "version": {"const": model.event_version},
                        "key": {"type": "string", "description": f"the payload's {key}"},
                        "payload": {"$ref": f"{SCHEMAS}{message_id(model)}"},
                    },
                },
            ]
        },
        "correlationId": {
            "description": "The first event of the story this one belongs to.",
            "location": "$message.payload#/correlation_id",
        },
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": f"payload.{key}"},
                "bindingVersion": KAFKA_BINDING,
            }
        },
        "x-event-type": model.event_type,
        "x-event-version": model.event_version,
        "x-key": key,
    }
    if doc:
        message["summary"] = doc.splitlines()[0]
        message["description"] = doc
    latest = max(versions)
    if latest > model.event_version:  # still accepted, no longer the newest shape
        message["x-superseded-by"] = f"{model.event_type}.v{latest}"
    return message


def _added_fields(model: type[Payload], versions: dict[int, type[Payload]]) -> str:
    """What a new version without a docstring adds to the one before it."""
    before = versions.get(model.event_version - 1)
    if before is None:
        return ""
    added = [f"`{f}`" for f in model.model_fields if f not in before.model_fields]
    return f"v{before.event_version} plus {', '.join(added)}." if added else ""


def _schemas(models: list[type[Payload]]) -> dict[str, Any]:
    """Payload schemas named like their messages, the envelope, the headers, and every
    nested definition they share (one copy each, refs pointing into components)."""
    schemas: dict[str, Any] = {"KafkaHeaders": _headers_schema()}
    named: list[tuple[str, type[BaseModel]]] = [("Envelope", Envelope)]
    for name, model in named + [(message_id(m), m) for m in models]:
        schema = model.model_json_schema(ref_template=SCHEMAS + "{model}")
        for def_name, definition in schema.pop("$defs", {}).items():
            if schemas.setdefault(def_name, definition) != definition:
                raise ValueError(f"two different schemas are both named {def_name}")
        schemas[name] = schema
    return schemas


def _headers_schema() -> Doc:
    """The Kafka headers every message carries (taken from ``Envelope.headers``)."""
    sample = Envelope(
        event_id=uuid.UUID(int=0),
        type="T",
        version=1,
        occurred_at=datetime(2000, 1, 1, tzinfo=UTC),
        key="k",
        correlation_id=uuid.UUID(int=0),
        payload={},
    )
    names = [name for name, _ in sample.headers()]
    return {
        "type": "object",
        "description": "Copies of envelope fields, so tools can route or dedupe unparsed.",
        "properties": {n: {"type": "string", "description": f"envelope.{n}"} for n in names},
        "required": names,
    }


def refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` value anywhere under ``node``."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield v
            else:
                yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def files(reg: EventRegistry = registry) -> dict[str, bytes]:
    """What ``make docs`` writes into ``docs/``, by file name."""
    doc = document(reg=reg)
    return {"asyncapi.json": render(doc), "events.md": markdown(doc).encode()}


def stale(folder: Path, reg: EventRegistry = registry) -> list[str]:
    """The files in ``folder`` that differ from what the contracts generate now."""
    return [
        name
        for name, content in files(reg).items()
        if not (folder / name).exists() or (folder / name).read_bytes() != content
    ]


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files().items():
        (folder / name).write_bytes(content)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--write"] and len(argv) == 2:
        write(Path(argv[1]))
    elif not argv:
        sys.stdout.buffer.write(render(document()))
    else:
        sys.exit("usage: python -m shared.events.asyncapi [--write FOLDER]")


if __name__ == "__main__":
    main(sys.argv[1:])

"""The event catalogue: valid AsyncAPI 3.0, complete, self-consistent, and committed up to date."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson
import pytest

from shared.events import Payload, asyncapi, catalogue
from shared.events.registry import EventRegistry, registry
from shared.kafka.topics import ALL_TOPICS, ORDERS

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
# The official AsyncAPI 3.0.0 JSON schema (asyncapi/spec-json-schemas,
# schemas/3.0.0-without-$id.json, Apache-2.0), minified; it resolves every $ref inside itself.
SPEC = Path(__file__).with_name("schemas") / "asyncapi-3.0.0.json"

DOCUMENTS = [None, *catalogue.SERVICES]


def _doc(service: str | None) -> dict[str, Any]:
    # Through JSON, as a reader gets it.
    return orjson.loads(asyncapi.render(asyncapi.document(service)))


def test_the_committed_docs_are_what_the_contracts_generate() -> None:
    stale = asyncapi.stale(DOCS)
    assert not stale, (
        f"docs/{' and docs/'.join(stale)} out of date with the contracts: run make docs"
    )


def test_a_new_contract_makes_the_committed_docs_stale() -> None:
    # The check above can fail: the same registry plus one contract no longer matches.
    extended = EventRegistry()
    for m in registry.models():
        extended.contract(
            m.event_type, m.event_version, topic=m.event_topic, key=m.event_key_field
        )(m)

    @extended.contract("OrderProbed", 1, topic=ORDERS, key="order_id")
    class OrderProbed(Payload):
        order_id: uuid.UUID

    assert asyncapi.stale(DOCS, extended) == ["asyncapi.json", "events.md"]
    assert "OrderProbed.v1" in asyncapi.document(reg=extended)["components"]["messages"]


@pytest.mark.parametrize("service", DOCUMENTS)
def test_each_document_is_valid_asyncapi_3(service: str | None) -> None:
    validator = jsonschema_rs.validator_for(orjson.loads(SPEC.read_bytes()))
    errors = [
        f"{'/'.join(map(str, e.instance_path))}: {e.message[:200]}"
        for e in validator.iter_errors(_doc(service))
    ]
    assert not errors, errors[:5]


def test_the_spec_schema_rejects_what_asyncapi_3_forbids() -> None:
    validator = jsonschema_rs.validator_for(orjson.loads(SPEC.read_bytes()))
    doc = _doc(None)
    doc["operations"]["intake.send.intake.orders"]["action"] = "publish"  # AsyncAPI 2 wording
    assert not validator.is_valid(doc)


@pytest.mark.parametrize("service", DOCUMENTS)
def test_every_ref_resolves(service: str | None) -> None:
    doc = _doc(service)
    refs = set(asyncapi.refs(doc))
    assert refs
    unresolved = [ref for ref in sorted(refs) if _resolve(doc, ref) is None]
    assert not unresolved


def test_every_registered_contract_is_a_message_on_its_topic_with_its_key() -> None:
    doc = _doc(None)
    assert len(doc["components"]["messages"]) == len(registry.models())
    for model in registry.models():
        name = asyncapi.message_id(model)
        message = doc["components"]["messages"][name]
        channel = doc["channels"][model.event_topic.name]
        assert name in channel["messages"]
        assert (message["x-event-type"], message["x-event-version"]) == (
            model.event_type,
            model.event_version,
        )
        assert message["x-key"] == model.event_key_field
        payload = _resolve(doc, message["payload"]["allOf"][1]["properties"]["payload"]["$ref"])
        assert set(payload["properties"]) == set(model.model_fields)


def test_every_channel_has_its_producer_sending_and_each_consumer_receiving() -> None:
    doc = _doc(None)
    for c in catalogue.CHANNELS:
        name = c.topic.name
        ops = {
            (op["tags"][0]["name"], op["action"])
            for op in doc["operations"].values()
            if op["channel"]["$ref"] == f"#/channels/{name}"
        }
        assert ops == {(c.producer, "send"), *((s, "receive") for s in c.consumers)}, name
        assert doc["channels"][name]["x-producer"] == c.producer


def test_every_topic_has_one_channel_whose_services_are_known() -> None:
    assert sorted(c.topic.name for c in catalogue.CHANNELS) == sorted(t.name for t in ALL_TOPICS)
    named = {s for c in catalogue.CHANNELS for s in (c.producer, *c.consumers)}
    assert named <= set(catalogue.SERVICES)


def test_a_topic_is_produced_by_the_service_it_is_named_after() -> None:
    assert all(c.topic.name.split(".")[0] == c.producer for c in catalogue.CHANNELS)


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_a_service_document_holds_only_the_channels_it_sends_or_receives(service: str) -> None:
    doc = _doc(service)
    mine = {c.topic.name for c in catalogue.channels_of(service)}
    assert set(doc["channels"]) == mine
    assert {op["tags"][0]["name"] for op in doc["operations"].values()} == {service}
    topics = {m.event_topic.name for m in registry.models()}
    on_mine = {asyncapi.message_id(m) for m in registry.models() if m.event_topic.name in mine}
    assert set(doc["components"]["messages"]) == on_mine
    assert mine < topics  # nobody uses every topic, so the filter really filters


def test_headers_are_the_ones_the_envelope_writes() -> None:
    headers = _doc(None)["components"]["schemas"]["KafkaHeaders"]
    assert headers["required"] == ["event_id", "type", "version", "correlation_id"]


def test_an_unknown_service_is_refused_by_name() -> None:
    with pytest.raises(KeyError, match="portal"):
        catalogue.subscriptions("portal")


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node

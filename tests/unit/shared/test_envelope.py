import uuid

import orjson
import pytest

from shared.events import EventRegistry, MalformedEvent, Payload, UnknownEvent, new_envelope
from shared.events.envelope import Envelope
from shared.kafka.topics import Topic

reg = EventRegistry()


@reg.contract("ThingHappened", 1, topic=Topic("test.things"), key="thing_id")
class ThingHappened(Payload):
    thing_id: uuid.UUID
    units: int


def test_round_trip_keeps_every_field() -> None:
    cause = uuid.uuid4()
    env = new_envelope(ThingHappened(thing_id=uuid.uuid4(), units=3), key="k1", causation_id=cause)
    back = Envelope.from_bytes(env.to_bytes())
    assert back == env
    assert (back.type, back.version, back.causation_id) == ("ThingHappened", 1, cause)
    assert reg.decode(back) == ThingHappened(**env.payload)


def test_correlation_defaults_to_own_id_and_headers_carry_it() -> None:
    env = new_envelope(ThingHappened(thing_id=uuid.uuid4(), units=1), key="k")
    assert env.correlation_id == env.event_id
    assert dict(env.headers())["event_id"] == str(env.event_id).encode()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"{not json", "not JSON"),
        (orjson.dumps({"type": "X"}), "event_id"),
        (orjson.dumps([1, 2]), "invalid envelope"),
    ],
)
def test_malformed_bytes_are_rejected_with_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(MalformedEvent, match=reason):
        Envelope.from_bytes(raw)


def test_unknown_version_is_rejected() -> None:
    env = new_envelope(ThingHappened(thing_id=uuid.uuid4(), units=1), key="k")
    newer = env.model_copy(update={"version": 2})
    with pytest.raises(UnknownEvent, match="ThingHappened v2"):
        reg.decode(newer)


def test_payload_breaking_contract_names_the_field() -> None:
    env = new_envelope(ThingHappened(thing_id=uuid.uuid4(), units=1), key="k")
    bad = env.model_copy(update={"payload": {**env.payload, "units": "many"}})
    with pytest.raises(MalformedEvent, match="units"):
        reg.decode(bad)


def test_a_contract_cannot_be_registered_twice_with_another_model() -> None:
    with pytest.raises(ValueError, match="already registered"):

        @reg.contract("ThingHappened", 1, topic=Topic("test.things"), key="thing_id")
        class Other(Payload):
            pass

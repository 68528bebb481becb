import uuid

import orjson

from shared.events import Payload, new_envelope
from shared.events.registry import EventRegistry
from shared.kafka.topics import ALL_TOPICS, Topic, with_dead_letters
from shared.outbox.writer import NUM_SHARDS, outbox_row, shard_of

reg = EventRegistry()


@reg.contract("Pinged", 1, topic=Topic("test.pings"), key="n")
class Pinged(Payload):
    n: int


def test_shard_is_stable_and_in_range() -> None:
    keys = [str(uuid.uuid4()) for _ in range(500)]
    assert all(0 <= shard_of(k) < NUM_SHARDS for k in keys)
    assert [shard_of(k) for k in keys] == [shard_of(k) for k in keys]
    assert len({shard_of(k) for k in keys}) == NUM_SHARDS  # keys spread over every shard


def test_outbox_row_carries_envelope_and_headers() -> None:
    env = new_envelope(Pinged(n=7), key="order-1")
    row = outbox_row(Topic("t"), env)
    assert row["topic"] == "t" and row["key"] == "order-1"
    assert orjson.loads(row["value"])["payload"] == {"n": 7}  # type: ignore[arg-type]
    assert row["headers"]["event_id"] == str(env.event_id)  # type: ignore[index]


def test_every_topic_has_a_dead_letter_twin() -> None:
    names = [t.name for t in with_dead_letters(ALL_TOPICS)]
    assert len(names) == 2 * len(ALL_TOPICS) == len(set(names))
    assert all(f"{t.name}.dlq" in names for t in ALL_TOPICS)

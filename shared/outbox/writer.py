"""Stage events as outbox rows inside the caller's transaction."""

from __future__ import annotations

import zlib

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from shared.events.envelope import Envelope
from shared.kafka.topics import Topic

# Rows of one key always land in one shard; a shard has a single relay owner at
# a time, which is what keeps per-key order when several relays run.
NUM_SHARDS = 16


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode()) % NUM_SHARDS


def outbox_row(topic: Topic, envelope: Envelope) -> dict[str, object]:
    return {
        "event_id": envelope.event_id,
        "topic": topic.name,
        "key": envelope.key,
        "shard": shard_of(envelope.key),
        "type": envelope.type,
        "value": envelope.to_bytes(),
        "headers": orjson.loads(orjson.dumps(dict((k, v.decode()) for k, v in envelope.headers()))),
    }


async def write_events(
    session: AsyncSession, outbox: sa.Table, events: list[tuple[Topic, Envelope]]
) -> None:
    if events:
        await session.execute(sa.insert(outbox), [outbox_row(t, e) for t, e in events])

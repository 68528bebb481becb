"""The portal's own state in Redis, all under ``procnet:portal:``: which office owns an
order, each organisation's contact, the event ids already handled, each organisation's
notifications (a capped stream, newest last, read by the notifications page and tailed by
``GET /live``), the id of the last one it read, and one queue of notifications to send
per sink.

Recording an event is one WATCH/MULTI transaction: the dedupe key (SET NX with a TTL),
the stream entries and the sink queue entries are written together or not at all, so a
crash between them can neither lose a notification nor send one twice.
"""

from __future__ import annotations

from typing import Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import WatchError

from services.portal.live.routing import Note

PREFIX = "procnet:portal:"
# GET /live waits this long in XREAD for a note (then sends a keepalive comment).
LIVE_BLOCK_MS = 15_000
# An order's office is remembered as long as an order can live (offers, jobs, transfers).
ORDER_TTL_S = 400 * 24 * 3600


def _stream(org_id: str) -> str:
    return f"{PREFIX}notes:{org_id}"


def _read_mark(org_id: str) -> str:
    return f"{PREFIX}read:{org_id}"


def _contact(org_id: str) -> str:
    return f"{PREFIX}contact:{org_id}"


def _queue(sink: str) -> str:
    return f"{PREFIX}outbox:{sink}"


class LiveStore:
    def __init__(self, redis: Redis, *, cap: int = 100, dedupe_ttl_s: int = 14 * 24 * 3600):
        self.redis, self.cap, self.dedupe_ttl_s = redis, cap, dedupe_ttl_s

    # -- the order -> office map ------------------------------------------------------
    async def remember_office(self, order_id: str, office_id: str) -> None:
        await self.redis.set(f"{PREFIX}order:{order_id}", office_id, ex=ORDER_TTL_S)

    async def offices_of(self, order_ids: set[str]) -> dict[str, str]:
        ids = sorted(order_ids)
        if not ids:
            return {}
        found = await self.redis.mget([f"{PREFIX}order:{i}" for i in ids])
        return {i: _text(v) for i, v in zip(ids, found, strict=True) if v is not None}

    # -- each organisation's contact (newest from the contact topics) ---------------------
    async def remember_contact(self, org_id: str, contact: str) -> None:
        # No TTL: the topics are compacted, a contact holds until the next change.
        await self.redis.set(_contact(org_id), contact)

    async def contact_of(self, org_id: str) -> str:
        """The organisation's contact; "" when none is known."""
        found = await self.redis.get(_contact(org_id))
        return _text(found) if found is not None else ""

    async def contacts_of(self, org_ids: list[str]) -> dict[str, str]:
        """Each organisation's contact ("" when none is known), in one round trip."""
        if not org_ids:
            return {}
        found = await self.redis.mget([_contact(o) for o in org_ids])
        return {o: _text(v) if v is not None else "" for o, v in zip(org_ids, found, strict=True)}

    # -- recording, once per event ----------------------------------------------------
    async def record(self, event_id: str, notes: list[Note], sinks: tuple[str, ...]) -> bool:
        """Store ``notes`` and queue them for ``sinks`` unless ``event_id`` was recorded
        before. True when this call recorded it."""
        seen = f"{PREFIX}seen:{event_id}"
        async with self.redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(seen)
                    if await pipe.exists(seen):
                        return False
                    pipe.multi()
                    pipe.set(seen, b"1", nx=True, ex=self.dedupe_ttl_s)
                    for note in notes:
                        raw = orjson.dumps(note.as_dict())
                        pipe.xadd(
                            _stream(note.org_id), {"note": raw}, maxlen=self.cap, approximate=False
                        )
                        for sink in sinks:
                            pipe.rpush(_queue(sink), raw)
                    await pipe.execute()
                    return True
                except WatchError:  # another process recorded something meanwhile: look again
                    continue

    # -- the notifications list -------------------------------------------------------
    async def notifications(self, org_id: str, limit: int = 100) -> list[tuple[str, Note]]:
        """(stream id, note), newest first."""
        found: Any = await self.redis.xrevrange(_stream(org_id), count=limit)
        return _entries(found)

    async def unread(self, org_id: str) -> int:
        mark = await self.redis.get(_read_mark(org_id))
        start = f"({_text(mark)}" if mark else "-"
        found: Any = await self.redis.xrange(_stream(org_id), min=start, count=self.cap)
        return len(found)

    async def mark_read(self, org_id: str) -> None:
        newest: Any = await self.redis.xrevrange(_stream(org_id), count=1)
        if newest:
            await self.redis.set(_read_mark(org_id), newest[0][0])

    async def tail(self, org_id: str, after: str, block_ms: int) -> list[tuple[str, Note]]:
        """Notes after stream id ``after``, waiting up to ``block_ms`` for one to come."""
        found: Any = await self.redis.xread({_stream(org_id): after}, block=block_ms, count=50)
        return [entry for _, entries in found or [] for entry in _entries(entries)]

    # -- the sinks' queues ------------------------------------------------------------
    async def next_to_send(self, sink: str) -> dict[str, Any] | None:
        raw: Any = await self.redis.lindex(_queue(sink), 0)
        return orjson.loads(raw) if raw is not None else None

    async def next_batch(self, sink: str, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` notifications from the head of the sink's queue, oldest first."""
        raw: Any = await self.redis.lrange(_queue(sink), 0, limit - 1)
        return [orjson.loads(r) for r in raw]

    async def sent(self, sink: str, count: int = 1) -> None:
        """Take the ``count`` oldest notifications off the sink's queue."""
        await self.redis.lpop(_queue(sink), count)

    async def waiting(self, sink: str) -> int:
        return int(await self.redis.llen(_queue(sink)))


def _text(v: Any) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


def _entries(found: Any) -> list[tuple[str, Note]]:
    return [(_text(i), _note(fields)) for i, fields in found]


def _note(fields: dict[Any, Any]) -> Note:
    raw = fields[b"note"] if b"note" in fields else fields["note"]
    return Note.from_dict(orjson.loads(raw))

"""Shard ownership through PostgreSQL session advisory locks.

A lock lives exactly as long as the relay's connection: when a relay process
dies, PostgreSQL drops its locks and another relay takes the shards over. The
relay runs all its SQL on this same connection (``sql()``), so a relay whose
connection (and with it its locks) is gone cannot claim or mark rows any more.

Shares are fair: each relay also holds a presence lock (its namespace's second key
space, keyed by its backend pid), so the live relays of a schema are counted in
``pg_locks``, and a relay keeps at most ceil(16 / live) shards. The first relay
of several processes takes all 16; when a second starts, the first gives half
back at its next look (every ``ACQUIRE_EVERY_S``), between rounds, when none of
its sends is in flight, and the second takes them.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable

import asyncpg
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.outbox.writer import NUM_SHARDS

# How often a relay looks for shards freed by a relay that died, and at its share.
ACQUIRE_EVERY_S = 2.0
LIVE_RELAYS = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND classid = $1::bigint::oid AND objsubid = 2"
)


class ShardLeases:
    def __init__(
        self,
        engine: AsyncEngine,
        namespace: str,
        max_shards: int = NUM_SHARDS,
        on_news: Callable[[], None] | None = None,
    ) -> None:
        """``on_news``: called when another relay of the namespace says ``news()``
        (PostgreSQL NOTIFY on the namespace's channel, LISTENed to on this connection)."""
        self._engine = engine
        self._channel = namespace
        self._on_news = on_news
        self._ns = zlib.crc32(namespace.encode()) & 0x7FFFFFFF
        self._presence = zlib.crc32(f"{namespace}:relays".encode()) & 0x7FFFFFFF
        self._max = max_shards
        self._conn: AsyncConnection | None = None
        self._raw: asyncpg.Connection | None = None
        self.owned: frozenset[int] = frozenset()
        self._next_acquire = 0.0
        # Counts releases: a shard owned in two generations may have had another owner between.
        self.generation = 0

    async def refresh(self) -> frozenset[int]:
        """Take free shards, up to max_shards, every ``ACQUIRE_EVERY_S``. In between it costs
        no round trip: the relay's next statement on this connection proves it alive."""
        if self._raw is not None and self._raw.is_closed():
            await self.release()  # a lost connection means lost locks: own nothing
        if self._raw is not None and time.monotonic() < self._next_acquire:
            return self.owned
        try:
            conn = await self._connection()
            self._next_acquire = time.monotonic() + ACQUIRE_EVERY_S
            live = int(await conn.fetchval(LIVE_RELAYS, self._presence) or 1)
            share = min(self._max, -(-NUM_SHARDS // max(1, live)))
            await self._give_back(conn, sorted(self.owned)[share:])
            for shard in range(NUM_SHARDS):
                if len(self.owned) >= share:
                    break
                if shard not in self.owned and await self._try_lock(conn, shard):
                    self.owned = self.owned | {shard}
        except Exception:
            await self.release()
            raise
        return self.owned

    async def news(self) -> None:
        """Wake the other relays of the namespace (they hear it within a round trip)."""
        await self.sql().execute("SELECT pg_notify($1, '')", self._channel)

    def _heard(self, conn: object, pid: int, channel: str, payload: object) -> None:
        own = self._raw is not None and pid == self._raw.get_server_pid()
        if self._on_news is not None and not own:  # its own news is not news
            self._on_news()

    def sql(self) -> asyncpg.Connection:
        """The lock-holding connection, for the relay's own statements (after ``refresh``)."""
        if self._raw is None:
            raise RuntimeError("no shard leases held: call refresh() first")
        return self._raw

    async def _give_back(self, conn: asyncpg.Connection, shards: list[int]) -> None:
        """Unlock shards over the share. Called between rounds, so nothing of theirs is in
        flight; another relay may own them before this one takes them again, so the
        generation moves on (the relay then looks at pending shards again)."""
        for shard in shards:
            await conn.fetchval("SELECT pg_advisory_unlock($1, $2)", self._ns, shard)
        if shards:
            self.owned = self.owned - set(shards)
            self.generation += 1

    async def _try_lock(self, conn: asyncpg.Connection, shard: int) -> bool:
        return bool(await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", self._ns, shard))

    async def _connection(self) -> asyncpg.Connection:
        if self._raw is None:
            self._conn = await self._engine.connect()
            # Autocommit: each relay statement is its own transaction, no BEGIN/COMMIT.
            await self._conn.execution_options(isolation_level="AUTOCOMMIT")
            fairy = await self._conn.get_raw_connection()
            raw = fairy.driver_connection
            assert raw is not None
            # Counted among the live relays for as long as this connection lives.
            await raw.execute("SELECT pg_advisory_lock($1, pg_backend_pid())", self._presence)
            if self._on_news is not None:
                await raw.add_listener(self._channel, self._heard)
            self._raw = raw
        assert self._raw is not None
        return self._raw

    async def release(self) -> None:
        conn, raw = self._conn, self._raw
        self._conn, self._raw, self.owned = None, None, frozenset()
        self._next_acquire = 0.0
        self.generation += 1
        if conn is None:
            return
        try:
            if raw is not None and self._on_news is not None:
                # UNLISTEN: the connection goes back to the pool for others.
                await raw.remove_listener(self._channel, self._heard)
            await conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
            await conn.close()
        except Exception:
            # The connection is already gone, and so are its locks.
            await conn.invalidate()

"""Shard ownership through PostgreSQL session advisory locks.

A lock lives exactly as long as the relay's connection: when a relay process
dies, PostgreSQL drops its locks and another relay takes the shards over.
"""

from __future__ import annotations

import time
import zlib

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.outbox.writer import NUM_SHARDS

# How often a relay looks for shards freed by a relay that died.
ACQUIRE_EVERY_S = 2.0


class ShardLeases:
    def __init__(self, engine: AsyncEngine, namespace: str, max_shards: int = NUM_SHARDS) -> None:
        self._engine = engine
        self._ns = zlib.crc32(namespace.encode()) & 0x7FFFFFFF
        self._max = max_shards
        self._conn: AsyncConnection | None = None
        self.owned: frozenset[int] = frozenset()
        self._next_acquire = 0.0

    async def refresh(self) -> frozenset[int]:
        """Keep the shards held and take free ones, up to max_shards."""
        try:
            conn = await self._connection()
            await conn.execute(sa.text("SELECT 1"))
            if time.monotonic() < self._next_acquire:
                return self.owned
            self._next_acquire = time.monotonic() + ACQUIRE_EVERY_S
            for shard in range(NUM_SHARDS):
                if len(self.owned) >= self._max:
                    break
                if shard not in self.owned and await self._try_lock(conn, shard):
                    self.owned = self.owned | {shard}
        except Exception:
            # A lost connection means lost locks: own nothing until reconnected.
            await self.release()
            raise
        return self.owned

    async def _try_lock(self, conn: AsyncConnection, shard: int) -> bool:
        got = await conn.scalar(
            sa.text("SELECT pg_try_advisory_lock(:ns, :shard)"), {"ns": self._ns, "shard": shard}
        )
        return bool(got)

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            self._conn = await self._engine.connect()
            await self._conn.execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    async def release(self) -> None:
        conn, self._conn, self.owned = self._conn, None, frozenset()
        self._next_acquire = 0.0
        if conn is None:
            return
        try:
            await conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
            await conn.close()
        except Exception:
            # The connection is already gone, and so are its locks.
            await conn.invalidate()

"""Shard ownership through PostgreSQL session advisory locks.

A lock lives exactly as long as the relay's connection: when a relay process
dies, PostgreSQL drops its locks and another relay takes the shards over.
"""

from __future__ import annotations

import zlib

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.outbox.writer import NUM_SHARDS


class ShardLeases:
    def __init__(self, engine: AsyncEngine, namespace: str, max_shards: int = NUM_SHARDS) -> None:
        self._engine = engine
        self._ns = zlib.crc32(namespace.encode()) & 0x7FFFFFFF
        self._max = max_shards
        self._conn: AsyncConnection | None = None
        self.owned: frozenset[int] = frozenset()

    async def refresh(self) -> frozenset[int]:
        """Keep the shards held and take free ones, up to max_shards."""
        try:
            conn = await self._connection()
            await conn.execute(sa.text("SELECT 1"))
            free = [s for s in range(NUM_SHARDS) if s not in self.owned]
            for shard in free[: max(0, self._max - len(self.owned))]:
                got = await conn.scalar(
                    sa.text("SELECT pg_try_advisory_lock(:ns, :shard)"),
                    {"ns": self._ns, "shard": shard},
                )
                if got:
                    self.owned = self.owned | {shard}
        except Exception:
            # A lost connection means lost locks: own nothing until reconnected.
            await self.release()
            raise
        return self.owned

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            self._conn = await self._engine.connect()
            await self._conn.execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    async def release(self) -> None:
        conn, self._conn, self.owned = self._conn, None, frozenset()
        if conn is None:
            return
        try:
            await conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
            await conn.close()
        except Exception:
            # The connection is already gone, and so are its locks.
            await conn.invalidate()

"""The relay's SQL, one statement per step, run through asyncpg on the connection
that holds the relay's shard locks.

Why not SQLAlchemy sessions: a relay batch used to cost twelve round trips (lease
check, BEGIN/SELECT/COMMIT for pending shards, BEGIN/claim/mark pending/COMMIT,
BEGIN/mark sent/clear pending/COMMIT) and SQLAlchemy's statement building per row
list (an ``IN`` of 500 bound ids). Here a batch costs two statements: claim (which
marks its shards pending in the same statement) and mark sent (which clears them),
with array parameters so each statement is prepared once per connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.db.messaging_tables import MessagingTables


@dataclass(frozen=True)
class RelayStatements:
    claim: str
    mark_sent: str
    pending: str
    unsent_topics: str
    settle: str

    @classmethod
    def of(cls, tables: MessagingTables) -> RelayStatements:
        ob, rs = tables.outbox.name, tables.relay_shards.name
        return cls(
            # The oldest unsent rows of the owned shards past an id (the relay claims the
            # next batch while the one before, not yet marked sent, awaits its acks), and
            # their shards marked pending (kept if already pending: the earliest time a
            # send may have started counts).
            # No row locks: only the shard's lease holder reads or writes its rows.
            claim=(
                f"WITH claimed AS (SELECT id, topic, key, shard, value, headers FROM {ob}"
                " WHERE sent_at IS NULL AND shard = ANY($1::smallint[]) AND id > $3"
                " ORDER BY id LIMIT $2),"
                f" marked AS (INSERT INTO {rs} (shard, pending_since)"
                " SELECT DISTINCT shard, now() FROM claimed"
                f" ON CONFLICT (shard) DO UPDATE SET pending_since ="
                f" coalesce({rs}.pending_since, excluded.pending_since))"
                # Headers as text: orjson reads them at a third of the cost of the stdlib
                # json codec SQLAlchemy installs for jsonb on its pool's connections.
                " SELECT id, topic, key, shard, value, headers::text FROM claimed ORDER BY id"
            ),
            # Both updates in one statement, so one commits only with the other.
            mark_sent=(
                f"WITH sent AS (UPDATE {ob} SET sent_at = now() WHERE id = ANY($1::bigint[]))"
                f" UPDATE {rs} SET pending_since = NULL WHERE shard = ANY($2::smallint[])"
            ),
            pending=(
                f"SELECT shard, pending_since FROM {rs}"
                " WHERE shard = ANY($1::smallint[]) AND pending_since IS NOT NULL"
            ),
            unsent_topics=(
                f"SELECT DISTINCT topic FROM {ob}"
                " WHERE shard = ANY($1::smallint[]) AND sent_at IS NULL"
            ),
            # Rows found in Kafka are sent; the shards are no longer pending.
            settle=(
                f"WITH arrived AS (UPDATE {ob} SET sent_at = now()"
                " WHERE shard = ANY($1::smallint[]) AND sent_at IS NULL"
                " AND event_id = ANY($2::uuid[]) RETURNING 1),"
                f" cleared AS (UPDATE {rs} SET pending_since = NULL"
                " WHERE shard = ANY($1::smallint[]))"
                " SELECT count(*) FROM arrived"
            ),
        )

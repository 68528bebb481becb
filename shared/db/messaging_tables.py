"""Outbox, relay state and inbox tables; every service has its own copy in its schema.

Services add them to their metadata with ``add_messaging_tables(metadata)`` and
create them in their first alembic migration with ``create_messaging_tables``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID


@dataclass(frozen=True)
class MessagingTables:
    outbox: sa.Table
    relay_shards: sa.Table
    inbox: sa.Table


def add_messaging_tables(metadata: sa.MetaData) -> MessagingTables:
    outbox = sa.Table(
        "outbox",
        metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("shard", sa.SmallInteger, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.Column("headers", JSONB, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Index("outbox_unsent", "shard", "id", postgresql_where=sa.text("sent_at IS NULL")),
    )
    # One row per shard with a send in flight: if the relay dies, the next owner
    # scans Kafka from pending_since to learn which rows did arrive.
    relay_shards = sa.Table(
        "outbox_relay_shard",
        metadata,
        sa.Column("shard", sa.SmallInteger, primary_key=True),
        sa.Column("pending_since", sa.DateTime(timezone=True)),
    )
    inbox = sa.Table(
        "inbox",
        metadata,
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column(
            "processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    return MessagingTables(outbox=outbox, relay_shards=relay_shards, inbox=inbox)


def create_messaging_tables(sync_conn: sa.Connection, schema: str | None = None) -> None:
    """Create the tables in ``schema`` (or the search path); used by migrations and tests."""
    metadata = sa.MetaData(schema=schema)
    add_messaging_tables(metadata)
    metadata.create_all(sync_conn)

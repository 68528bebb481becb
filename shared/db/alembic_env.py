"""The body of every service's alembic ``env.py``: async engine, own schema, own history."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine


def run_migrations(target_metadata: sa.MetaData, schema: str) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is set by shared.db.migrate"
    asyncio.run(_run_async(url, target_metadata, schema))


async def _run_async(url: str, target_metadata: sa.MetaData, schema: str) -> None:
    engine = create_async_engine(url, connect_args={"server_settings": {"search_path": schema}})
    async with engine.connect() as conn:
        await conn.run_sync(_run_sync, target_metadata, schema)
        await conn.commit()
    await engine.dispose()


def _run_sync(conn: sa.Connection, target_metadata: sa.MetaData, schema: str) -> None:
    context.configure(
        connection=conn,
        target_metadata=target_metadata,
        version_table_schema=schema,
        transaction_per_migration=True,
        include_object=_not_alembic_bookkeeping,
    )
    with context.begin_transaction():
        context.run_migrations()


def _not_alembic_bookkeeping(obj: object, name: str | None, type_: str, *_: object) -> bool:
    return not (type_ == "table" and name == "alembic_version")

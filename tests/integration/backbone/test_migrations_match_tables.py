"""Each service's alembic history, run to head, builds exactly the tables its code declares.

Services write through ``adapters/tables.py`` but the database is built by
migrations; a column added to one and not the other fails here, not in production.
"""

from __future__ import annotations

import importlib

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support.services import migrate
from tests.support.stack import admin_url

SERVICES = ("intake", "matching", "balancer", "settlement", "fulfilment")


@pytest.mark.parametrize("service", SERVICES)
async def test_head_schema_equals_declared_tables(service: str, stack: None) -> None:
    migrate(service)  # to head (idempotent): this may run before any service fixture did
    metadata = importlib.import_module(f"services.{service}.adapters.tables").metadata
    engine = create_async_engine(
        admin_url(), connect_args={"server_settings": {"search_path": service}}
    )
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(_diff, metadata)
    finally:
        await engine.dispose()
    assert diff == []


def _diff(conn: sa.Connection, metadata: sa.MetaData) -> list[object]:
    context = MigrationContext.configure(
        conn,
        opts={
            "compare_type": True,
            "include_object": lambda obj, name, type_, *_: name != "alembic_version",
        },
    )
    return list(compare_metadata(context, metadata))

"""Async engine and session factory for one service's schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def make_engine(
    url: str, *, schema: str, pool_size: int = 10, password: Callable[[], str] | None = None
) -> AsyncEngine:
    # The schema is pinned per connection so a service can never wander into another's tables.
    # No pre-ping: with asyncpg it costs three round trips (BEGIN, SELECT, ROLLBACK) on every
    # checkout. A connection that died with the server raises a disconnect error instead; the
    # pool then drops every connection older than that, the request answers 503 and the next
    # one reconnects. Recycling keeps idle connections from outliving firewalls and restarts.
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=1800,
        connect_args={"server_settings": {"search_path": schema}, "command_timeout": 30},
    )
    if password is not None:
        # Read when a connection opens, not when the app is built: building needs no secrets.
        @event.listens_for(engine.sync_engine, "do_connect")
        def _password(dialect: Any, conn_rec: Any, cargs: Any, cparams: dict[str, Any]) -> None:
            cparams["password"] = password()

    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)

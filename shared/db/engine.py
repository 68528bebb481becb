"""Async engine and session factory for one service's schema."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def make_engine(url: str, *, schema: str, pool_size: int = 10) -> AsyncEngine:
    # The schema is pinned per connection so a service can never wander into another's tables.
    # No pre-ping: with asyncpg it costs three round trips (BEGIN, SELECT, ROLLBACK) on every
    # checkout. A connection that died with the server raises a disconnect error instead; the
    # pool then drops every connection older than that, the request answers 503 and the next
    # one reconnects. Recycling keeps idle connections from outliving firewalls and restarts.
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=1800,
        connect_args={"server_settings": {"search_path": schema}, "command_timeout": 30},
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)

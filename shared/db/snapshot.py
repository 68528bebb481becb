"""A read of several statements that must agree with itself.

Under READ COMMITTED (PostgreSQL's default, ours) each statement sees what was committed
when it began: a write committed between two statements of one read shows in the second
and not the first. An order read as its row, then its history, showed IN_PRODUCTION
beside a history line saying every lot was accepted. REPEATABLE READ makes every
statement of the transaction see the database as of its first one.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


async def read_one_snapshot(session: AsyncSession) -> None:
    """Let ``session``'s transaction see one snapshot. Call before its first statement (the
    level is set as the connection is taken), and only in a block that just reads:
    PostgreSQL refuses a REPEATABLE READ write that meets a row changed since, where READ
    COMMITTED would have waited and gone on."""
    if session.in_transaction():  # SQLAlchemy would only warn, and read as before
        raise RuntimeError("read_one_snapshot must come before the block's first statement")
    await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})

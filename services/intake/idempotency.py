"""Idempotency-Key bookkeeping: PostgreSQL remembers which order a key created."""

from __future__ import annotations

import hashlib
import uuid

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters.tables import idempotency_keys as keys
from shared.service.errors import InvalidInput


def request_hash(body: dict[str, object]) -> str:
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


async def order_for_key(
    session: AsyncSession, office_id: uuid.UUID, key: str, digest: str
) -> uuid.UUID | None:
    """The order an earlier request with this key created; refuses a key reused for another body."""
    row = (
        await session.execute(
            sa.select(keys.c.order_id, keys.c.request_hash).where(
                keys.c.office_id == office_id, keys.c.key == key
            )
        )
    ).one_or_none()
    if row is None:
        return None
    if row.request_hash != digest:
        raise InvalidInput(
            "this Idempotency-Key was already used for a different request",
            field="header.Idempotency-Key",
        )
    return row.order_id


async def remember(
    session: AsyncSession, office_id: uuid.UUID, key: str, digest: str, order_id: uuid.UUID
) -> bool:
    """False when a concurrent request with the same key committed first (it waits on the row)."""
    stored = await session.scalar(
        insert(keys)
        .values(office_id=office_id, key=key, request_hash=digest, order_id=order_id)
        .on_conflict_do_nothing()
        .returning(keys.c.order_id)
    )
    return stored is not None

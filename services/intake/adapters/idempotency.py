"""Idempotency-Key bookkeeping: PostgreSQL remembers which order a key created."""

from __future__ import annotations

import uuid
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters.tables import idempotency_keys as keys


class Remembered(NamedTuple):
    order_id: uuid.UUID
    request_hash: str


class IdempotencyKeys:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def find(self, office_id: uuid.UUID, key: str) -> Remembered | None:
        row = (
            await self._s.execute(
                sa.select(keys.c.order_id, keys.c.request_hash).where(
                    keys.c.office_id == office_id, keys.c.key == key
                )
            )
        ).one_or_none()
        return None if row is None else Remembered(*row)

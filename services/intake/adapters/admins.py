"""The federation's admin organisations in PostgreSQL (id, name, secret hash)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters.tables import admins


async def add(session: AsyncSession, admin_id: uuid.UUID, name: str, secret_hash: str) -> bool:
    """False (nothing written) when an admin organisation with this id or name exists."""
    row = {"id": admin_id, "name": name, "secret_hash": secret_hash}
    stored = await session.execute(
        insert(admins).values(**row).on_conflict_do_nothing().returning(sa.literal(1))
    )
    return stored.first() is not None


async def listed(session: AsyncSession) -> list[tuple[uuid.UUID, str]]:
    rows = await session.execute(sa.select(admins.c.id, admins.c.name).order_by(admins.c.name))
    return [(row.id, row.name) for row in rows]

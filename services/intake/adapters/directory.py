"""Offices, clients and the catalogue in PostgreSQL, as domain objects."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.adapters.tables import categories, clients, offices
from services.intake.domain.directory import Category, Client, Office, References


async def _insert_new(session: AsyncSession, table: sa.Table, row: dict[str, object]) -> bool:
    """Insert ``row``; False (nothing written) when it clashes with a row already there."""
    stored = await session.execute(
        insert(table).values(**row).on_conflict_do_nothing().returning(sa.literal(1))
    )
    return stored.first() is not None


class OfficeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, office: Office, secret_hash: str) -> bool:
        """False when an office with this id or name exists."""
        row = {
            "id": office.id,
            "name": office.name,
            "county": office.county,
            "market": office.market,
            "contact": office.contact,
            "secret_hash": secret_hash,
        }
        return await _insert_new(self._s, offices, row)

    async def exists(self, office_id: uuid.UUID) -> bool:
        return bool(await self._s.scalar(sa.select(sa.exists().where(offices.c.id == office_id))))

    async def listed(self, only: uuid.UUID | None = None) -> list[Office]:
        """Every office by name, or only the one with id ``only``."""
        query = sa.select(
            offices.c.id, offices.c.name, offices.c.county, offices.c.market, offices.c.contact
        )
        if only is not None:
            query = query.where(offices.c.id == only)
        return [Office(*r) for r in await self._s.execute(query.order_by(offices.c.name))]

    async def get_for_update(self, office_id: uuid.UUID) -> Office | None:
        query = sa.select(
            offices.c.id, offices.c.name, offices.c.county, offices.c.market, offices.c.contact
        ).where(offices.c.id == office_id)
        row = (await self._s.execute(query.with_for_update())).first()
        return Office(*row) if row is not None else None

    async def set_contact(self, office_id: uuid.UUID, contact: str) -> None:
        await self._s.execute(
            sa.update(offices).where(offices.c.id == office_id).values(contact=contact)
        )

    async def references(
        self, office_id: uuid.UUID, category: str, client_id: uuid.UUID
    ) -> References:
        """Office, category and client (of that office) in one round trip."""
        found = (
            await self._s.execute(
                sa.select(
                    sa.exists().where(offices.c.id == office_id),
                    sa.exists().where(categories.c.code == category),
                    sa.exists().where(clients.c.id == client_id, clients.c.office_id == office_id),
                )
            )
        ).one()
        return References(*found)


class ClientRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, client: Client) -> bool:
        """False when the office already has a client with this name."""
        row = {
            "id": client.id,
            "office_id": client.office_id,
            "name": client.name,
            "contact": client.contact,
            "home_market": client.home_market,
        }
        return await _insert_new(self._s, clients, row)

    async def listed(self, office_id: uuid.UUID | None = None) -> list[Client]:
        """Clients by name: of one office, or of all (``None``)."""
        c = clients.c
        query = sa.select(c.id, c.office_id, c.name, c.contact, c.home_market)
        if office_id is not None:
            query = query.where(c.office_id == office_id)
        return [Client(*r) for r in await self._s.execute(query.order_by(c.name))]


class CategoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, category: Category) -> bool:
        """False when the code is taken."""
        row = {
            "code": category.code,
            "name_en": category.name_en,
            "name_zh": category.name_zh,
            "machinery": category.machinery,
        }
        return await _insert_new(self._s, categories, row)

    async def listed(self) -> list[Category]:
        c = categories.c
        query = sa.select(c.code, c.name_en, c.name_zh, c.machinery).order_by(c.code)
        return [Category(*r) for r in await self._s.execute(query)]

"""The categories matching has heard intake define (``uow.catalogue``)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters.tables import categories
from services.matching.domain import Catalogue, CategoryDefinition
from services.matching.domain.catalogue import INITIAL


class CatalogueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self) -> Catalogue:
        """The stored codes and, whatever happened to the table, the six initial ones."""
        stored = await self._session.scalars(sa.select(categories.c.code))
        return Catalogue.of([*INITIAL.codes, *stored])

    async def define(self, definition: CategoryDefinition) -> None:
        """Add or rename (a redefinition replaces names and the machinery flag)."""
        values = vars(definition)
        stmt = insert(categories).values(**values)
        await self._session.execute(
            stmt.on_conflict_do_update(index_elements=["code"], set_=values)
        )

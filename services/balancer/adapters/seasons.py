"""Seasons as an admin defined them, with their factors per county or village group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters.tables import season_factors, seasons
from services.balancer.domain.capacity.facts import FactorFact


class SeasonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(
        self,
        season_id: UUID,
        name: str,
        start: date,
        end: date,
        factors: Sequence[FactorFact],
        defined_by: UUID,
    ) -> bool:
        """False (nothing stored) when a season of that name exists."""
        row = {"id": season_id, "name": name, "start": start, "end": end, "defined_by": defined_by}
        try:
            async with self.s.begin_nested():
                await self.s.execute(sa.insert(seasons).values(**row))
        except IntegrityError:
            return False
        rows = [
            {
                "season_id": season_id,
                "county": f.county,
                "village_group": f.village_group or "",  # '' is the whole county
                "factor": f.factor,
            }
            for f in factors
        ]
        await self.s.execute(sa.insert(season_factors), rows)
        return True

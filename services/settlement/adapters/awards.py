"""Awards, award runs, subsidised loans, relocations, and the yearly fee totals behind them."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.settlement.adapters.facts import _enterprise
from services.settlement.adapters.tables import (
    RECEIVABLE_EARNED,
    award_runs,
    awards,
    categories,
    loans,
    providers,
    receivables,
    relocations,
)
from services.settlement.domain.awards.award import Award, AwardKind, AwardState
from services.settlement.domain.awards.loan import LoanState, SubsidisedLoan
from services.settlement.domain.awards.run import EnterpriseYear

A = awards


class AwardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def lock_county_year(self, county: str, year: int) -> None:
        """One run per county and year at a time (two admins clicking twice)."""
        await self.s.execute(
            sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(f"awards:{county}:{year}")))
        )

    async def for_year(self, county: str, year: int) -> list[Award]:
        q = (
            sa.select(A)
            .where(A.c.county == county, A.c.year == year)
            .order_by(A.c.kind, A.c.subject)
        )
        return [_award(r) for r in await self.s.execute(q.with_for_update())]

    async def get(self, award_id: UUID, *, lock: bool = False) -> Award | None:
        q = sa.select(A).where(A.c.id == award_id)
        row = (await self.s.execute(q.with_for_update() if lock else q)).first()
        return None if row is None else _award(row)

    async def add(self, a: Award) -> None:
        await self.s.execute(sa.insert(A).values(id=a.award_id, **_values(a)))

    async def save(self, a: Award) -> None:
        await self.s.execute(
            sa.update(A).where(A.c.id == a.award_id).values(**_values(a), updated_at=sa.func.now())
        )

    async def remove(self, award_id: UUID) -> None:
        await self.s.execute(sa.delete(A).where(A.c.id == award_id))

    async def query(
        self, *, county: str | None = None, year: int | None = None, provider_id: UUID | None = None
    ) -> list[Award]:
        q = sa.select(A).order_by(A.c.year, A.c.county, A.c.kind, A.c.subject)
        if county is not None:
            q = q.where(A.c.county == county)
        if year is not None:
            q = q.where(A.c.year == year)
        if provider_id is not None:
            q = q.where(A.c.provider_id == provider_id)
        return [_award(r) for r in await self.s.execute(q)]

    async def professional_before(self, county: str, year: int) -> set[str]:
        q = sa.select(A.c.subject).where(
            A.c.county == county, A.c.year < year, A.c.kind == AwardKind.VILLAGE_NEW.value
        )
        return set((await self.s.execute(q)).scalars())

    async def add_run(
        self,
        run_id: UUID,
        county: str,
        year: int,
        policy_id: str,
        changes: list[dict[str, Any]],
        by: UUID,
    ) -> None:
        await self.s.execute(
            sa.insert(award_runs).values(
                id=run_id, county=county, year=year, policy_id=policy_id, changes=changes, run_by=by
            )
        )

    async def enterprise_years(self, county: str, year: int) -> list[EnterpriseYear]:
        """Each of the county's enterprises with its fees from deliveries in ``year``."""
        fee = RECEIVABLE_EARNED
        machinery = sa.case((categories.c.machinery, fee), else_=0)
        totals = (
            sa.select(
                receivables.c.provider_id,
                sa.func.sum(fee).label("fee"),
                sa.func.sum(machinery).label("machinery"),
            )
            .select_from(
                receivables.outerjoin(categories, categories.c.code == receivables.c.category)
            )
            .where(
                receivables.c.due_on >= date(year, 1, 1),
                receivables.c.due_on < date(year + 1, 1, 1),
            )
            .group_by(receivables.c.provider_id)
            .subquery()
        )
        q = (
            sa.select(providers, totals.c.fee, totals.c.machinery)
            .select_from(
                providers.outerjoin(totals, totals.c.provider_id == providers.c.provider_id)
            )
            .where(providers.c.county == county)
            .order_by(providers.c.name)
        )
        return [
            EnterpriseYear(_enterprise(r), int(r.fee or 0), int(r.machinery or 0))
            for r in await self.s.execute(q)
        ]

    async def relocated(self, county: str, year: int) -> set[UUID]:
        q = (
            sa.select(relocations.c.provider_id)
            .join(providers, providers.c.provider_id == relocations.c.provider_id)
            .where(providers.c.county == county, relocations.c.year == year)
        )
        return set((await self.s.execute(q)).scalars())

    async def relocate(self, provider_id: UUID, year: int, zone: str) -> bool:
        stmt = insert(relocations).values(provider_id=provider_id, year=year, zone=zone)
        result = await self.s.execute(
            stmt.on_conflict_do_nothing().returning(relocations.c.provider_id)
        )
        return result.first() is not None


class LoanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, loan: SubsidisedLoan) -> None:
        await self.s.execute(
            sa.insert(loans).values(
                id=loan.loan_id,
                provider_id=loan.provider_id,
                principal_fen=loan.principal_fen,
                start=loan.start,
                months=loan.months,
                state=loan.state.value,
            )
        )

    async def get(self, loan_id: UUID, *, lock: bool = False) -> SubsidisedLoan | None:
        q = sa.select(loans).where(loans.c.id == loan_id)
        row = (await self.s.execute(q.with_for_update() if lock else q)).first()
        return None if row is None else _loan(row)

    async def save_check(self, loan: SubsidisedLoan, by: UUID) -> None:
        await self.s.execute(
            sa.update(loans)
            .where(loans.c.id == loan.loan_id)
            .values(state=loan.state.value, checked_by=by)
        )

    async def query(
        self, *, provider_id: UUID | None = None, county: str | None = None
    ) -> list[SubsidisedLoan]:
        q = sa.select(loans).order_by(loans.c.start, loans.c.id)
        if provider_id is not None:
            q = q.where(loans.c.provider_id == provider_id)
        if county is not None:
            q = q.join(providers, providers.c.provider_id == loans.c.provider_id).where(
                providers.c.county == county
            )
        return [_loan(r) for r in await self.s.execute(q)]


def _values(a: Award) -> dict[str, Any]:
    return {
        "county": a.county,
        "year": a.year,
        "kind": a.kind.value,
        "subject": a.subject,
        "provider_id": a.provider_id,
        "rule": a.rule,
        "amount_fen": a.amount_fen,
        "explanation": a.explanation,
        "figures": a.figures,
        "state": a.state.value,
    }


def _award(row: sa.Row[tuple[object, ...]]) -> Award:
    m = row._mapping
    return Award(
        award_id=m["id"],
        county=m["county"],
        year=m["year"],
        kind=AwardKind(m["kind"]),
        subject=m["subject"],
        provider_id=m["provider_id"],
        rule=m["rule"],
        amount_fen=m["amount_fen"],
        explanation=m["explanation"],
        figures=dict(m["figures"]),
        state=AwardState(m["state"]),
    )


def _loan(row: sa.Row[tuple[object, ...]]) -> SubsidisedLoan:
    m = row._mapping
    return SubsidisedLoan(
        m["id"],
        m["provider_id"],
        m["principal_fen"],
        m["start"],
        m["months"],
        LoanState(m["state"]),
    )

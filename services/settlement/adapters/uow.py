"""Settlement's unit of work: one transaction, its staged events, the repositories on it,
and the incentive policies in force (loaded and validated once, at start)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.settlement.adapters.awards import AwardRepository, LoanRepository
from services.settlement.adapters.facts import FactRepository
from services.settlement.adapters.receivables import ReceivableRepository
from services.settlement.domain.policy.catalogue import Policies
from shared.db.unit_of_work import UnitOfWork
from shared.events.envelope import Envelope
from shared.events.payload import Payload


class SettlementUnitOfWork(UnitOfWork):
    facts: FactRepository
    receivables: ReceivableRepository
    awards: AwardRepository
    loans: LoanRepository

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], outbox: sa.Table, policies: Policies
    ) -> None:
        super().__init__(sessions, outbox)
        self.policies = policies

    @staticmethod
    def joining(outer: UnitOfWork, policies: Policies) -> SettlementUnitOfWork:
        """The consumer's open unit of work, with settlement's repositories."""
        return outer if isinstance(outer, SettlementUnitOfWork) else _Joined(outer, policies)

    async def __aenter__(self) -> SettlementUnitOfWork:
        await super().__aenter__()
        self._attach(self.session)
        return self

    def _attach(self, session: AsyncSession) -> None:
        self.facts = FactRepository(session)
        self.receivables = ReceivableRepository(session)
        self.awards = AwardRepository(session)
        self.loans = LoanRepository(session)


class _Joined(SettlementUnitOfWork):
    """Repositories on the inbox consumer's transaction; it commits, not us."""

    def __init__(self, outer: UnitOfWork, policies: Policies) -> None:  # no sessions of its own
        self._outer = outer
        self.policies = policies
        self._attach(outer.session)

    @property
    def session(self) -> AsyncSession:
        return self._outer.session

    def publish(
        self,
        payload: Payload,
        *,
        correlation_id: uuid.UUID | None = None,
        causation_id: uuid.UUID | None = None,
    ) -> Envelope:
        return self._outer.publish(
            payload, correlation_id=correlation_id, causation_id=causation_id
        )

    async def commit(self) -> None:
        raise RuntimeError("a consumer handler never commits: the inbox consumer does")

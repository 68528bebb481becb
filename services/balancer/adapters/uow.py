"""The balancer's unit of work: one transaction, its staged events, and the repositories on it.

Handlers reach the database only through these repositories, built on the session
when the block opens: ``uow.loans``, ``uow.transfers``, ``uow.seasons``,
``uow.opt_ins``, ``uow.facts`` (matching's and intake's facts), ``uow.load`` (the
load view read from them), ``uow.requests`` (rebalance requests) and ``uow.audit`` (who
made each write, shared/audit). Events go out
only with ``uow.publish(payload)``; the contract names the topic and key.

Consumer handlers run inside the inbox consumer's open transaction:
``BalancerUnitOfWork.joining(uow)`` gives them the same repositories on it.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.balancer.adapters.facts import FactRepository
from services.balancer.adapters.load import LoadRepository
from services.balancer.adapters.loans import LoanRepository, OptInRepository
from services.balancer.adapters.requests import RebalanceRequests
from services.balancer.adapters.seasons import SeasonRepository
from services.balancer.adapters.tables import audit_records
from services.balancer.adapters.transfers import TransferRepository
from shared.audit.repository import AuditRepository
from shared.db.unit_of_work import UnitOfWork
from shared.events.envelope import Envelope
from shared.events.payload import Payload
from shared.service.infra import ServiceInfra


def balancer_uow(infra: ServiceInfra) -> BalancerUnitOfWork:
    """A fresh unit of work on the service's database (one per handler call)."""
    return BalancerUnitOfWork(infra.sessions, infra.tables.outbox)


class BalancerUnitOfWork(UnitOfWork):
    loans: LoanRepository
    opt_ins: OptInRepository
    transfers: TransferRepository
    seasons: SeasonRepository
    facts: FactRepository
    load: LoadRepository
    requests: RebalanceRequests
    audit: AuditRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession], outbox: sa.Table) -> None:
        super().__init__(sessions, outbox)

    @staticmethod
    def joining(outer: UnitOfWork) -> BalancerUnitOfWork:
        """The consumer's open unit of work, with the balancer's repositories."""
        return outer if isinstance(outer, BalancerUnitOfWork) else _Joined(outer)

    async def __aenter__(self) -> BalancerUnitOfWork:
        await super().__aenter__()
        self._attach(self.session)
        return self

    def _attach(self, session: AsyncSession) -> None:
        self.loans = LoanRepository(session)
        self.opt_ins = OptInRepository(session)
        self.transfers = TransferRepository(session)
        self.seasons = SeasonRepository(session)
        self.facts = FactRepository(session)
        self.load = LoadRepository(session)
        self.requests = RebalanceRequests(session)
        self.audit = AuditRepository(session, audit_records)


class _Joined(BalancerUnitOfWork):
    """Repositories on another unit of work's transaction; it publishes into that one and
    leaves the commit to its owner (the inbox consumer)."""

    def __init__(self, outer: UnitOfWork) -> None:  # no sessions of its own
        self._outer = outer
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

"""The balancer's unit of work in memory: the repositories' methods on plain domain objects.

It is the shared in-memory seam (tests/support/memory.py: staging, commit, rollback,
the bus) with the balancer's repositories on one ``State``, and it is a
BalancerUnitOfWork, so handlers run on it unchanged and the transfer saga runs as a
fast unit test; ``tests/integration/balancer`` runs the same steps on PostgreSQL and
Kafka. Committed events go to the bus; ``receive`` publishes another service's
events on it and delivers them to the balancer's consumer handler map.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from services.balancer.adapters.facts import FactRepository
from services.balancer.adapters.load import LoadedView, LoadRepository
from services.balancer.adapters.loans import LoanRepository, OptInRepository
from services.balancer.adapters.requests import RebalanceRequests
from services.balancer.adapters.transfers import TransferRepository
from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.consumers import HANDLERS
from services.balancer.domain.capacity.calendar import CapacityCalendar
from services.balancer.domain.load.jobs import Job, JobClosure, ProgressReport
from services.balancer.domain.load.view import LoadView, stand_in
from services.balancer.domain.loans.loan import CapacityLoan, LoanState
from services.balancer.domain.loans.slots import ReceiverOptIn
from services.balancer.domain.rebalance.policy import (
    RULES_OUT_RECEIVER,
    PastTransfer,
    ProposalContext,
    context_of,
)
from services.balancer.domain.transfers.transfer import OPEN, Transfer, TransferState
from shared.audit.records import AuditRecord
from shared.events import Payload
from shared.region import County
from tests.support import memory
from tests.support.memory_audit import MemoryAudit


@dataclass
class State:
    """What the balancer's schema holds, as domain objects."""

    calendar: CapacityCalendar = field(default_factory=CapacityCalendar)
    jobs: dict[UUID, Job] = field(default_factory=dict)
    orders: dict[UUID, UUID] = field(default_factory=dict)  # job -> order
    closed: dict[UUID, JobClosure] = field(default_factory=dict)
    done: dict[UUID, int] = field(default_factory=dict)  # furthest progress, kept before its job
    notified: dict[UUID, int] = field(default_factory=dict)
    loans: dict[UUID, CapacityLoan] = field(default_factory=dict)
    transfers: dict[UUID, Transfer] = field(default_factory=dict)
    opt_ins: dict[UUID, ReceiverOptIn] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    audit: list[AuditRecord] = field(default_factory=list)


class MemoryUnitOfWork(memory.MemoryUnitOfWork, BalancerUnitOfWork):
    """The shared in-memory unit of work, subscribed to its bus as the balancer."""

    def __init__(self, state: State | None = None, bus: memory.MemoryBus | None = None) -> None:
        self.state = m = state or State()
        memory.MemoryUnitOfWork.__init__(
            self,
            bus or memory.MemoryBus(),
            loans=MemoryLoans(m),
            opt_ins=MemoryOptIns(m),
            transfers=MemoryTransfers(m),
            facts=MemoryFacts(m),
            load=MemoryLoad(m),
            requests=MemoryRequests(m),
            audit=MemoryAudit(m),
        )
        self.bus.subscribe("balancer", HANDLERS, lambda: self)

    @property
    def published(self) -> list[Payload]:
        """Every event committed on the bus (the balancer's and those it received)."""
        return self.bus.payloads()

    async def receive(self, *payloads: Payload) -> None:
        """Another service commits ``payloads``; the bus delivers them (and what follows)."""
        other = memory.MemoryUnitOfWork(self.bus)
        async with other:
            for payload in payloads:
                other.publish(payload)
            await other.commit()
        await self.bus.deliver()

    def _stores(self) -> Mapping[str, object]:
        return {"state": self.state}  # the repositories are views on it


class MemoryLoans(LoanRepository):
    def __init__(self, m: State) -> None:
        self.m = m

    async def add(self, loan: CapacityLoan) -> None:
        self.m.loans[loan.loan_id] = copy.deepcopy(loan)

    async def get(
        self, loan_id: UUID, *, lock: bool = False, live_only: bool = False
    ) -> CapacityLoan | None:
        loan = copy.deepcopy(self.m.loans.get(loan_id))
        if loan is not None and live_only:
            live = {t for t, x in self.m.transfers.items() if x.state in OPEN}
            loan.reservations = {t: d for t, d in loan.reservations.items() if t in live}
        return loan

    async def offered(self, *, lock: bool = False) -> list[CapacityLoan]:
        live = [x for x in self.m.loans.values() if x.state is LoanState.OFFERED]
        return [copy.deepcopy(x) for x in sorted(live, key=lambda x: x.loan_id)]

    async def offered_by(self, provider_id: UUID, category: str) -> list[CapacityLoan]:
        mine = [
            x
            for x in await self.offered()
            if (x.provider_id, x.category) == (provider_id, category)
        ]
        return [replace(x, reservations={}) for x in mine]

    async def save_state(self, loan: CapacityLoan) -> None:
        self.m.loans[loan.loan_id].state = loan.state

    async def save_reservation(self, loan: CapacityLoan, transfer_id: UUID) -> None:
        held = dict(loan.reservations[transfer_id])
        self.m.loans[loan.loan_id].reservations[transfer_id] = held

    async def delete_reservation(self, loan: CapacityLoan, transfer_id: UUID) -> None:
        self.m.loans[loan.loan_id].reservations.pop(transfer_id, None)


class MemoryOptIns(OptInRepository):
    def __init__(self, m: State) -> None:
        self.m = m

    async def add(self, opt_in_id: UUID, opt_in: ReceiverOptIn) -> None:
        self.m.opt_ins[opt_in_id] = opt_in

    async def deactivate(self, opt_in_id: UUID, provider_id: UUID) -> bool:
        opt_in = self.m.opt_ins.get(opt_in_id)
        if opt_in is None or opt_in.provider_id != provider_id:
            return False
        del self.m.opt_ins[opt_in_id]
        return True

    async def active(self) -> list[ReceiverOptIn]:
        return [self.m.opt_ins[k] for k in sorted(self.m.opt_ins)]


class MemoryTransfers(TransferRepository):
    def __init__(self, m: State) -> None:
        self.m = m

    async def add(self, transfer: Transfer) -> bool:
        job = transfer.plan.job_id
        if any(t.plan.job_id == job and t.state in OPEN for t in self.m.transfers.values()):
            return False  # the unique open-per-job index
        self.m.transfers[transfer.transfer_id] = copy.deepcopy(transfer)
        return True

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> Transfer | None:
        return copy.deepcopy(self.m.transfers.get(transfer_id))

    async def open_for(self, job_id: UUID) -> Transfer | None:
        flying = [t for t in self.m.transfers.values() if t.plan.job_id == job_id]
        return next((copy.deepcopy(t) for t in flying if t.state in OPEN), None)

    async def completed_into(self, job_id: UUID) -> Transfer | None:
        made = [t for t in self.m.transfers.values() if t.new_job_id == job_id]
        done = (t for t in made if t.state is TransferState.COMPLETED)
        return next((copy.deepcopy(t) for t in done), None)

    async def save(self, transfer: Transfer) -> None:
        self.m.transfers[transfer.transfer_id] = copy.deepcopy(transfer)

    async def proposal_context(self) -> ProposalContext:
        return context_of(
            PastTransfer(t.transfer_id, t.plan.job_id, t.plan.to_provider, t.state, t.outcome)
            for t in self.m.transfers.values()
            if t.state in OPEN or t.outcome in RULES_OUT_RECEIVER
        )

    async def failures(self, job_id: UUID) -> int:
        return sum(
            t.plan.job_id == job_id and t.outcome is TransferState.FAILED
            for t in self.m.transfers.values()
        )

    async def due_for_expiry(self, now: datetime, limit: int = 100) -> list[Transfer]:
        due = [
            t
            for t in self.m.transfers.values()
            if t.state is TransferState.PROPOSED and t.expires_at <= now
        ]
        return [copy.deepcopy(t) for t in sorted(due, key=lambda t: t.expires_at)[:limit]]


class MemoryFacts(FactRepository):
    def __init__(self, m: State) -> None:
        self.m = m

    async def county_of(self, provider_id: UUID) -> County | None:
        provider = self.m.calendar.providers.get(provider_id)
        return None if provider is None else provider.county

    async def add_job(self, job: Job, order_id: UUID, split_from: UUID | None = None) -> bool:
        if job.job_id in self.m.jobs:
            return False
        self.m.jobs[job.job_id], self.m.orders[job.job_id] = job, order_id
        return True

    async def job(self, job_id: UUID, *, lock: bool = False, open_only: bool = False) -> Job | None:
        if open_only and job_id in self.m.closed:
            return None
        return self.m.jobs.get(job_id)

    async def shrink_job(self, job_id: UUID, units: int) -> None:
        job = self.m.jobs[job_id]
        if job.units <= units:
            self.m.closed[job_id] = JobClosure.SPLIT_AWAY
        self.m.jobs[job_id] = replace(job, units=max(job.units - units, 1))

    async def record_progress(self, p: ProgressReport) -> int:
        self.m.done[p.job_id] = max(self.m.done.get(p.job_id, 0), p.units_done)
        return self.m.done[p.job_id]

    async def mark_delivered(self, job_id: UUID) -> None:
        self.m.closed[job_id] = JobClosure.DELIVERED

    async def cancel_job(self, job_id: UUID) -> bool:
        if job_id not in self.m.jobs or job_id in self.m.closed:
            return False
        self.m.closed[job_id] = JobClosure.CANCELLED
        return True

    async def set_notified(self, job_id: UUID, late_units: int) -> None:
        self.m.notified[job_id] = late_units


class MemoryLoad(LoadRepository):
    def __init__(self, m: State) -> None:
        self.m = m

    async def view(self, *, in_flight: bool = True) -> LoadedView:
        loaded = LoadedView(LoadView(copy.deepcopy(self.m.calendar)))
        for job_id, job in self.m.jobs.items():
            if job_id not in self.m.closed and job.provider_id in self.m.calendar.providers:
                loaded.view.put_job(job.with_progress(self.m.done.get(job_id, 0)))
                loaded.orders[job_id] = self.m.orders[job_id]
                loaded.notified[job_id] = self.m.notified.get(job_id, 0)
        if in_flight:
            flying = [t for t in self.m.transfers.values() if t.state in OPEN]
            for t in flying:
                loaded.view.move_out(t.plan.job_id, t.plan.units)
            stand_ins = [
                stand_in(t.transfer_id, t.plan.to_provider, t.plan.category, t.schedule)
                for t in flying
                if t.plan.loan_id is None
            ]
            for job in stand_ins:
                loaded.view.put_job(job)
            loaded.stand_ins = frozenset(j.job_id for j in stand_ins)
        return loaded

    async def calendar(self, provider_id: UUID | None = None) -> CapacityCalendar:
        return copy.deepcopy(self.m.calendar)

    async def lock_provider(self, provider_id: UUID) -> None:
        return None


class MemoryRequests(RebalanceRequests):
    def __init__(self, m: State) -> None:
        self.m = m

    async def add(self, reason: str) -> None:
        self.m.requests.append(reason)

    async def try_lock(self) -> bool:
        return True

    async def newest(self) -> int | None:
        return len(self.m.requests) or None

    async def take(self) -> None:
        self.m.requests.clear()

"""A provider's loans (offer, withdraw) and receiver opt-ins (in, out)."""

from __future__ import annotations

import uuid
from datetime import date

from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.domain.loans.limits import LoanExceedsCapacity, check_loan_capacity
from services.balancer.domain.loans.loan import CapacityLoan
from services.balancer.domain.loans.slots import ReceiverOptIn
from services.balancer.handlers import outgoing
from services.balancer.handlers.audit import record
from services.balancer.handlers.refusals import answered
from services.balancer.schemas import LoanCreate, OptInCreate
from shared.identity import Principal
from shared.service.errors import InvalidInput, NotFound


async def offer_loan(
    uow: BalancerUnitOfWork, who: Principal, body: LoanCreate, today: date
) -> uuid.UUID:
    if body.end < today:
        raise InvalidInput("a loan must not end in the past", field="end")
    loan = answered(
        lambda: CapacityLoan.offer(
            uuid.uuid4(), who.org_id, body.category, body.start, body.end, body.units_per_day
        )
    )
    async with uow:
        await _check_lender_capacity(uow, loan, today)
        await uow.loans.add(loan)
        await record(uow, who, "loan.offer", "loan", loan.loan_id)
        uow.publish(outgoing.loan_offered(loan))
        await uow.requests.add(f"loan {loan.loan_id} offered")
        await uow.commit()
    return loan.loan_id


async def _check_lender_capacity(uow: BalancerUnitOfWork, loan: CapacityLoan, today: date) -> None:
    """What the lender makes on the loan's days, less its other loans (one offer at a time)."""
    await uow.load.lock_provider(loan.provider_id)
    calendar = await uow.load.calendar(loan.provider_id)
    others = await uow.loans.offered_by(loan.provider_id, loan.category)
    try:
        check_loan_capacity(calendar, loan, others, today)
    except LoanExceedsCapacity as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc


async def withdraw_loan(uow: BalancerUnitOfWork, who: Principal, loan_id: uuid.UUID) -> None:
    async with uow:
        loan = await uow.loans.get(loan_id, lock=True, live_only=True)
        if loan is None or loan.provider_id != who.org_id:
            raise NotFound("loan not found")
        answered(loan.withdraw)
        await uow.loans.save_state(loan)
        await record(uow, who, "loan.withdraw", "loan", loan_id)
        uow.publish(outgoing.loan_withdrawn(loan))
        await uow.requests.add(f"loan {loan_id} withdrawn")
        await uow.commit()


async def opt_in(uow: BalancerUnitOfWork, who: Principal, body: OptInCreate) -> uuid.UUID:
    opt_in_id = uuid.uuid4()
    async with uow:
        receiver = ReceiverOptIn(who.org_id, body.category, body.start, body.end)
        await uow.opt_ins.add(opt_in_id, receiver)
        await record(uow, who, "receiver.opt_in", "opt_in", opt_in_id)
        await uow.requests.add(f"receiver {who.org_id} opted in")
        await uow.commit()
    return opt_in_id


async def opt_out(uow: BalancerUnitOfWork, who: Principal, opt_in_id: uuid.UUID) -> None:
    async with uow:
        if not await uow.opt_ins.deactivate(opt_in_id, who.org_id):
            raise NotFound("opt-in not found")
        await record(uow, who, "receiver.opt_out", "opt_in", opt_in_id)
        await uow.commit()

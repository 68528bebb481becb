"""HTTP commands: each loads through a unit of work, calls one domain step, commits.

Domain refusals become clear answers: bad values 422 naming the field, state
conflicts 409, someone else's object 404 (it does not exist for the caller).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.balancer.adapters import loans_repo
from services.balancer.adapters.requests import request_rebalance
from services.balancer.adapters.tables import providers, receiver_opt_ins, season_factors, seasons
from services.balancer.adapters.view_loader import load_calendar
from services.balancer.domain import (
    CapacityLoan,
    IllegalTransition,
    InvalidSeason,
    LoanError,
    UnknownCounty,
)
from services.balancer.domain.capacity.facts import FactorFact, to_season
from services.balancer.domain.loans.limits import LoanExceedsCapacity, check_loan_capacity
from services.balancer.handlers import outgoing
from services.balancer.schemas import LoanCreate, OptInCreate, SeasonCreate
from shared.contracts import balancer as b
from shared.db.unit_of_work import UnitOfWork
from shared.identity import Principal
from shared.service.errors import DomainError, InvalidInput, NotFound

T = TypeVar("T")


async def define_season(uow: UnitOfWork, who: Principal, body: SeasonCreate) -> uuid.UUID:
    facts = [FactorFact(f.county.value, f.village_group, f.factor) for f in body.factors]
    _domain(lambda: to_season(body.name, body.start, body.end, facts))
    season_id = uuid.uuid4()
    async with uow:
        row = {"id": season_id, "name": body.name, "start": body.start, "end": body.end}
        try:
            await uow.session.execute(sa.insert(seasons).values(**row, defined_by=who.org_id))
        except IntegrityError as exc:
            raise DomainError(f"a season called {body.name!r} exists") from exc
        await uow.session.execute(
            sa.insert(season_factors),
            [
                {"season_id": season_id, **vars(f), "village_group": f.village_group or ""}
                for f in facts
            ],
        )
        outgoing.season_defined(uow, _season_event(season_id, body))
        await request_rebalance(uow.session, f"season {body.name} defined")
        await uow.commit()
    return season_id


async def offer_loan(uow: UnitOfWork, who: Principal, body: LoanCreate, today: date) -> uuid.UUID:
    if body.end < today:
        raise InvalidInput("a loan must not end in the past", field="end")
    loan = _domain(
        lambda: CapacityLoan.offer(
            str(uuid.uuid4()), str(who.org_id), body.category, body.start, body.end,
            body.units_per_day,
        )
    )  # fmt: skip
    async with uow:
        await _check_lender_capacity(uow, loan, today)
        await loans_repo.add(uow.session, loan)
        outgoing.loan_offered(uow, loan)
        await request_rebalance(uow.session, f"loan {loan.loan_id} offered")
        await uow.commit()
    return uuid.UUID(loan.loan_id)


async def _check_lender_capacity(uow: UnitOfWork, loan: CapacityLoan, today: date) -> None:
    """What the lender makes on the loan's days, less its other loans (one offer at a time)."""
    provider_id = uuid.UUID(loan.provider_id)
    p = providers
    await uow.session.execute(sa.select(p.c.id).where(p.c.id == provider_id).with_for_update())
    calendar = await load_calendar(uow.session, provider_id)
    others = await loans_repo.offered_by(uow.session, provider_id, loan.category)
    try:
        check_loan_capacity(calendar, loan, others, today)
    except LoanExceedsCapacity as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc


async def withdraw_loan(uow: UnitOfWork, who: Principal, loan_id: uuid.UUID) -> None:
    async with uow:
        loan = await loans_repo.get(uow.session, loan_id, lock=True, live_only=True)
        if loan is None or loan.provider_id != str(who.org_id):
            raise NotFound("loan not found")
        _domain(loan.withdraw)
        await loans_repo.save_state(uow.session, loan)
        outgoing.loan_withdrawn(uow, loan)
        await request_rebalance(uow.session, f"loan {loan_id} withdrawn")
        await uow.commit()


async def opt_in(uow: UnitOfWork, who: Principal, body: OptInCreate) -> uuid.UUID:
    opt_in_id = uuid.uuid4()
    async with uow:
        values = body.model_dump() | {"id": opt_in_id, "provider_id": who.org_id, "active": True}
        await uow.session.execute(sa.insert(receiver_opt_ins).values(**values))
        await request_rebalance(uow.session, f"receiver {who.org_id} opted in")
        await uow.commit()
    return opt_in_id


async def opt_out(uow: UnitOfWork, who: Principal, opt_in_id: uuid.UUID) -> None:
    o = receiver_opt_ins
    async with uow:
        done = await uow.session.execute(
            sa.update(o)
            .where(o.c.id == opt_in_id, o.c.provider_id == who.org_id)
            .values(active=False)
            .returning(o.c.id)
        )
        if done.one_or_none() is None:
            raise NotFound("opt-in not found")
        await uow.commit()


def _season_event(season_id: uuid.UUID, body: SeasonCreate) -> b.SeasonDefined:
    factors = tuple(
        b.SeasonFactor(county=f.county, village_group=f.village_group, factor=float(f.factor))
        for f in body.factors
    )
    return b.SeasonDefined(
        season_id=season_id, name=body.name, start=body.start, end=body.end, factors=factors
    )


def _domain(call: Callable[[], T]) -> T:
    try:
        return call()
    except (InvalidSeason, UnknownCounty) as exc:
        raise InvalidInput(str(exc), field="factors") from exc
    except (IllegalTransition, LoanError) as exc:
        raise DomainError(str(exc)) from exc

"""Yearly award runs, and each award's approval and payment (admin); subsidised loans and
relocations that feed the runs."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from services.settlement.adapters.uow import SettlementUnitOfWork
from services.settlement.domain.awards.award import Award, AwardState
from services.settlement.domain.awards.loan import SubsidisedLoan
from services.settlement.domain.awards.run import Assessed, assess_year
from services.settlement.domain.errors import IllegalTransition
from services.settlement.domain.policy.catalogue import UnknownPolicy
from shared.contracts import settlement as s
from shared.identity import Principal
from shared.region.counties import County
from shared.service.errors import DomainError, InvalidInput, NotFound


async def run_awards(
    uow: SettlementUnitOfWork, who: Principal, county: County, year: int
) -> dict[str, Any]:
    """Assess the county's year; a rerun changes only what changed and reports it."""
    try:
        policy = uow.policies.in_force(county, year)
    except UnknownPolicy as exc:
        raise InvalidInput(f"{exc}: choose a year a policy covers", field="year") from exc
    async with uow:
        await uow.awards.lock_county_year(county.value, year)
        years = await uow.awards.enterprise_years(county.value, year)
        assessed = assess_year(
            policy,
            years,
            await uow.loans.query(county=county.value),
            await uow.awards.relocated(county.value, year),
            await uow.awards.professional_before(county.value, year),
            year,
        )
        existing = {(a.kind, a.subject): a for a in await uow.awards.for_year(county.value, year)}
        changes = [
            c for a in assessed if (c := await _apply(uow, county, year, a, existing)) is not None
        ]
        for gone in existing.values():  # no longer earned
            changes.append(await _withdraw(uow, gone))
        run_id = uuid.uuid4()
        await uow.awards.add_run(run_id, county.value, year, policy.policy_id, changes, who.org_id)
        await uow.commit()
    return {"run_id": run_id, "county": county.value, "year": year, "policy_id": policy.policy_id,
            "awards": len(assessed), "changes": changes}  # fmt: skip


async def _apply(
    uow: SettlementUnitOfWork,
    county: County,
    year: int,
    a: Assessed,
    existing: dict[tuple[Any, str], Award],
) -> dict[str, Any] | None:
    award = existing.pop((a.kind, a.subject), None)
    if award is None:
        line = a.line
        award = Award(uuid.uuid4(), county.value, year, a.kind, a.subject, a.provider_id,
                      line.rule, line.amount_fen, line.explanation, dict(line.figures))  # fmt: skip
        await uow.awards.add(award)
        _assessed(uow, award)
        return {
            "change": "new",
            "kind": a.kind.value,
            "subject": a.subject,
            "amount_fen": a.line.amount_fen,
        }
    if award.same_as(a.line):
        return None
    before = award.amount_fen
    if award.state is not AwardState.ASSESSED:
        kept = f"differs but already {award.state.value}: kept"
        return {"change": kept, "kind": a.kind.value, "subject": a.subject,
                "amount_fen": before, "would_be_fen": a.line.amount_fen}  # fmt: skip
    award.reassess(a.line)
    await uow.awards.save(award)
    _assessed(uow, award)
    return {"change": "changed", "kind": a.kind.value, "subject": a.subject,
            "before_fen": before, "amount_fen": award.amount_fen, "rule": award.rule}  # fmt: skip


async def _withdraw(uow: SettlementUnitOfWork, award: Award) -> dict[str, Any]:
    row = {"kind": award.kind.value, "subject": award.subject, "amount_fen": award.amount_fen}
    if award.state is AwardState.ASSESSED:
        await uow.awards.remove(award.award_id)
        return {"change": "withdrawn", **row}
    return {"change": f"no longer earned but already {award.state.value}: kept", **row}


def _assessed(uow: SettlementUnitOfWork, a: Award) -> None:
    uow.publish(
        s.AwardAssessed(
            award_id=a.award_id,
            county=County(a.county),
            year=a.year,
            kind=a.kind.value,
            subject=a.subject,
            provider_id=a.provider_id,
            policy_rule=a.rule,
            amount_fen=a.amount_fen,
            explanation=a.explanation,
        )
    )


async def approve(
    uow: SettlementUnitOfWork, who: Principal, award_id: uuid.UUID, amount_fen: int | None
) -> None:
    async with uow:
        award = await _award(uow, award_id)
        _step(lambda: award.approve(amount_fen), "amount_fen")
        await uow.awards.save(award)
        assert award.amount_fen is not None
        uow.publish(
            s.AwardApproved(award_id=award_id, amount_fen=award.amount_fen, approved_by=who.org_id)
        )
        await uow.commit()


async def pay(uow: SettlementUnitOfWork, who: Principal, award_id: uuid.UUID) -> None:
    async with uow:
        award = await _award(uow, award_id)
        _step(award.pay, None)
        await uow.awards.save(award)
        assert award.amount_fen is not None
        uow.publish(s.AwardPaid(award_id=award_id, amount_fen=award.amount_fen, paid_by=who.org_id))
        await uow.commit()


async def _award(uow: SettlementUnitOfWork, award_id: uuid.UUID) -> Award:
    award = await uow.awards.get(award_id, lock=True)
    if award is None:
        raise NotFound("award not found")
    return award


def _step(step: Any, field: str | None) -> None:
    try:
        step()
    except IllegalTransition as exc:
        if field and "amount" in str(exc):
            raise InvalidInput(str(exc), field=field) from exc
        raise DomainError(str(exc)) from exc


async def register_loan(
    uow: SettlementUnitOfWork, who: Principal, principal_fen: int, start: date, months: int
) -> SubsidisedLoan:
    loan = SubsidisedLoan(uuid.uuid4(), who.org_id, principal_fen, start, months)
    async with uow:
        if await uow.facts.enterprise(who.org_id) is None:
            raise InvalidInput("settlement does not know this enterprise yet", field="provider")
        await uow.loans.add(loan)
        await uow.commit()
    return loan


async def check_loan(
    uow: SettlementUnitOfWork, loan_id: uuid.UUID, accept: bool, who: Principal
) -> SubsidisedLoan:
    async with uow:
        loan = await uow.loans.get(loan_id, lock=True)
        if loan is None:
            raise NotFound("loan not found")
        _step(lambda: loan.check(accept), None)
        await uow.loans.save_check(loan, who.org_id)
        await uow.commit()
    return loan


async def relocate(uow: SettlementUnitOfWork, provider_id: uuid.UUID, year: int, zone: str) -> None:
    async with uow:
        if await uow.facts.enterprise(provider_id) is None:
            raise NotFound("provider not found")
        if not await uow.awards.relocate(provider_id, year, zone):
            raise DomainError("this relocation is already recorded: the subsidy is paid once")
        await uow.commit()

"""Reads the API answers with: receivables (with aging), statements, awards. No commits."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from services.settlement.adapters.uow import SettlementUnitOfWork
from services.settlement.domain.fees.aging import AgingBucket, bucket
from services.settlement.domain.fees.facts import Enterprise
from services.settlement.domain.fees.receivable import Receivable, ReceivableState
from services.settlement.domain.fees.statement import (
    MonthlyStatement,
    month_bounds,
    monthly_statement,
)
from services.settlement.domain.impact.reach import CASE_2010, reach, reach_total
from services.settlement.domain.policy.broker import assess_broker
from services.settlement.domain.policy.catalogue import UnknownPolicy
from shared.identity import Principal, Role
from shared.service.errors import InvalidInput, NotFound


def receivable_row(r: Receivable, today: date) -> dict[str, Any]:
    return {
        **{k: getattr(r, k) for k in r.__dataclass_fields__ if k != "state"},
        "state": r.state.value,
        "fee_fen": r.fee_fen,
        "outstanding_fen": r.outstanding_fen,
        "aging": bucket(r.due_on, today).value if r.outstanding_fen else ReceivableState.PAID.value,
    }


async def receivables(uow: SettlementUnitOfWork, who: Principal) -> list[Receivable]:
    """An office's (what its clients owe), a provider's (what it is owed), or all (admin)."""
    async with uow:
        if who.role is Role.OFFICE:
            return await uow.receivables.query(office_id=who.org_id)
        if who.role is Role.PROVIDER:
            return await uow.receivables.query(provider_id=who.org_id)
        return await uow.receivables.query()


def aging(rs: list[Receivable], today: date) -> list[dict[str, Any]]:
    """Unpaid fen per office and client in each bucket."""
    table: dict[tuple[uuid.UUID, uuid.UUID], dict[str, int]] = defaultdict(
        lambda: {b.value: 0 for b in AgingBucket}
    )
    for r in rs:
        if r.outstanding_fen:
            table[(r.office_id, r.client_id)][bucket(r.due_on, today).value] += r.outstanding_fen
    return [
        {"office_id": o, "client_id": c, **b, "total_fen": sum(b.values())}
        for (o, c), b in sorted(table.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))
    ]


def by_client(rs: list[Receivable]) -> list[dict[str, Any]]:
    table: dict[uuid.UUID, dict[str, int]] = defaultdict(
        lambda: {"fee_fen": 0, "paid_fen": 0, "deliveries": 0}
    )
    for r in rs:
        row = table[r.client_id]
        row["fee_fen"] += r.fee_fen
        row["paid_fen"] += r.paid_fen
        row["deliveries"] += 1
    return [
        {"client_id": c, **row, "outstanding_fen": row["fee_fen"] - row["paid_fen"]}
        for c, row in sorted(table.items(), key=lambda kv: str(kv[0]))
    ]


async def statement(
    uow: SettlementUnitOfWork, who: Principal, provider_id: uuid.UUID, month: str
) -> MonthlyStatement:
    if not who.owns(provider_id):
        raise NotFound("provider not found")
    try:
        _, end = month_bounds(month)
    except ValueError:
        raise InvalidInput("month must look like 2026-11", field="month") from None
    async with uow:
        await uow.read_one_snapshot()  # a payment mid-read is in both lists or in neither
        if await uow.facts.enterprise(provider_id) is None:
            raise NotFound("provider not found")
        rs = await uow.receivables.query(provider_id=provider_id, due_before=end)
        ps = await uow.receivables.payments(provider_id=provider_id)
    return monthly_statement(provider_id, month, rs, ps)


async def impact(uow: SettlementUnitOfWork, year: int, county: str | None) -> dict[str, Any]:
    """Per county and month of ``year``: fees and the estimated shares they reached."""
    async with uow:
        fees = await uow.receivables.earned(date(year, 1, 1), date(year + 1, 1, 1))
        ents = {e.provider_id: e for e in await uow.facts.enterprises()}
    rows = [r for r in reach(fees, ents) if county is None or r.county == county]
    totals = reach_total(fees, ents, county, str(year))
    return {
        "year": year,
        "county": county,
        "months": rows,
        "totals": totals,
        "case_2010": CASE_2010,
    }


async def enterprise(uow: SettlementUnitOfWork, provider_id: uuid.UUID) -> Enterprise:
    async with uow:
        found = await uow.facts.enterprise(provider_id)
    if found is None:
        raise NotFound("provider not found")
    return found


async def award_meter(
    uow: SettlementUnitOfWork, who: Principal, provider_id: uuid.UUID, year: int
) -> dict[str, Any]:
    """The enterprise's year so far through its county's policy: tier, award, what the next
    tier still needs (the broker's "how far am I from the next award?")."""
    if not who.owns(provider_id):
        raise NotFound("provider not found")
    e = await enterprise(uow, provider_id)
    try:
        policy = uow.policies.in_force(e.county, year)
    except UnknownPolicy as exc:
        raise InvalidInput(f"{exc}: choose a year a policy covers", field="year") from exc
    async with uow:
        years = await uow.awards.enterprise_years(e.county.value, year)
    mine = next(y for y in years if y.enterprise.provider_id == provider_id)
    assessed = assess_broker(policy, mine.kind, mine.fee_fen, e.workforce.total)
    return {
        "provider_id": provider_id,
        "year": year,
        "policy_id": policy.policy_id,
        "annual_fee_fen": mine.fee_fen,
        "machinery_fee_fen": mine.machinery_fee_fen,
        "assessment": assessed,
    }

"""A county's yearly run: every enterprise's and village's awards and subsidies, from the
year's fees, workforces, loans and relocations, each line with its rule and figures."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from services.settlement.domain.awards.award import AwardKind
from services.settlement.domain.awards.loan import LoanState, SubsidisedLoan
from services.settlement.domain.fees.facts import Enterprise
from services.settlement.domain.policy.broker import assess_broker
from services.settlement.domain.policy.lines import AmountLine
from services.settlement.domain.policy.model import BrokerKind, Policy
from services.settlement.domain.policy.subsidies import loan_interest_subsidy, relocation_subsidy
from services.settlement.domain.policy.villages import (
    VillageYear,
    new_professional_villages,
    top_villages,
)


@dataclass(frozen=True)
class EnterpriseYear:
    """An enterprise's calendar year (Lishui time): fees for good units of jobs delivered in it,
    the part from machinery categories, and its workforce at the end of the year."""

    enterprise: Enterprise
    fee_fen: int
    machinery_fee_fen: int

    @property
    def kind(self) -> BrokerKind:
        """Machinery when machinery categories earned MORE than half of the annual fee."""
        return (
            BrokerKind.MACHINERY
            if 2 * self.machinery_fee_fen > self.fee_fen
            else BrokerKind.GENERAL
        )


@dataclass(frozen=True)
class Assessed:
    kind: AwardKind
    subject: str
    provider_id: uuid.UUID | None
    line: AmountLine


def assess_year(
    policy: Policy,
    year: Iterable[EnterpriseYear],
    loans: Iterable[SubsidisedLoan],
    relocated: set[uuid.UUID],
    professional_before: set[str],
    year_number: int,
) -> list[Assessed]:
    ents = list(year)
    out: list[Assessed] = []
    fee_of = {e.enterprise.provider_id: e.fee_fen for e in ents}
    for e in ents:
        pid = e.enterprise.provider_id
        broker = assess_broker(policy, e.kind, e.fee_fen, e.enterprise.workforce.total)
        if broker.case_by_case or broker.tier:
            out.append(Assessed(AwardKind.BROKER, str(pid), pid, broker.line))
        if pid in relocated:
            out.append(
                Assessed(AwardKind.RELOCATION, str(pid), pid, relocation_subsidy(policy, e.fee_fen))
            )
    for loan in loans:
        months = loan.months_in(year_number)
        if loan.state is not LoanState.CHECKED or loan.provider_id not in fee_of or not months:
            continue
        line = loan_interest_subsidy(policy, fee_of[loan.provider_id], loan.principal_fen, months)
        if line.amount_fen:
            out.append(Assessed(AwardKind.LOAN, str(loan.loan_id), loan.provider_id, line))
    villages = village_years(ents)
    for v, line in new_professional_villages(policy, villages, professional_before):
        out.append(Assessed(AwardKind.VILLAGE_NEW, v.key, None, line))
    for v, line in top_villages(policy, villages):
        out.append(Assessed(AwardKind.VILLAGE_TOP, v.key, None, line))
    return out


def village_years(ents: Iterable[EnterpriseYear]) -> list[VillageYear]:
    """Each village's year: its enterprises' fees and registered workforce summed."""
    by: dict[tuple[str, str], list[EnterpriseYear]] = {}
    for e in ents:
        by.setdefault((e.enterprise.township, e.enterprise.village), []).append(e)
    return [
        VillageYear(
            township=t,
            village=v,
            fee_fen=sum(e.fee_fen for e in group),
            workers=sum(e.enterprise.workforce.total for e in group),
            low_income_workers=sum(e.enterprise.workforce.low_income for e in group),
            enterprises=sum(1 for e in group if e.fee_fen > 0),
        )
        for (t, v), group in sorted(by.items())
    ]

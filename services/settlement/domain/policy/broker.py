"""Broker awards: the highest tier whose fee AND workers conditions both hold, strictly.

Above the table's case-by-case threshold ("one strategy for one event") there is no
automatic amount: the result says so and shows the regular tier beside it for the
county to decide. The what-if answer also says what is still needed for the next tier.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.settlement.domain.money import yuan
from services.settlement.domain.policy.lines import AmountLine
from services.settlement.domain.policy.model import BrokerKind, BrokerTable, BrokerTier, Policy

CASE_BY_CASE = "case_by_case"


class NextTier(BaseModel):
    """How far the enterprise is from the next award: 0 means that condition already holds."""

    model_config = ConfigDict(frozen=True)
    tier: int | str  # a tier number, or "case_by_case"
    award_fen: int | None
    fee_needed_fen: int
    workers_needed: int


class BrokerAssessment(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: BrokerKind
    tier: int  # 0: no tier
    case_by_case: bool
    line: AmountLine
    next: NextTier | None


def _holds(tier: BrokerTier, fee_fen: int, workers: int) -> bool:
    return fee_fen > tier.fee_more_than_fen and workers > tier.workers_more_than


def regular_tier(table: BrokerTable, fee_fen: int, workers: int) -> int:
    """1-based number of the highest tier whose two conditions both hold; 0 if none."""
    met = [n for n, t in enumerate(table.tiers, 1) if _holds(t, fee_fen, workers)]
    return max(met, default=0)


def assess_broker(policy: Policy, kind: BrokerKind, fee_fen: int, workers: int) -> BrokerAssessment:
    table = policy.broker_awards.table(kind)
    tier = regular_tier(table, fee_fen, workers)
    regular = table.tiers[tier - 1].award_fen if tier else 0
    case_by_case = fee_fen > table.case_by_case_fee_more_than_fen
    figures = {
        "kind": kind.value,
        "annual_fee_fen": fee_fen,
        "workers": workers,
        "tier": tier,
        "regular_award_fen": regular,
        "case_by_case_fee_more_than_fen": table.case_by_case_fee_more_than_fen,
    }
    if tier:
        t = table.tiers[tier - 1]
        figures |= {
            "fee_more_than_fen": t.fee_more_than_fen,
            "workers_more_than": t.workers_more_than,
        }
    rule = f"{policy.policy_id}/broker_awards.{kind.value}." + (
        CASE_BY_CASE if case_by_case else f"tier_{tier}"
    )
    line = AmountLine(
        rule=rule,
        amount_fen=None if case_by_case else regular,
        explanation=_explain(table, kind, fee_fen, workers, tier, case_by_case),
        figures=figures,
    )
    return BrokerAssessment(
        kind=kind,
        tier=tier,
        case_by_case=case_by_case,
        line=line,
        next=None if case_by_case else _next(table, tier, fee_fen, workers),
    )


def _next(table: BrokerTable, tier: int, fee_fen: int, workers: int) -> NextTier:
    """The tier above the one reached (strict: one fen / one worker past the threshold)."""
    if tier < len(table.tiers):
        t = table.tiers[tier]
        return NextTier(
            tier=tier + 1,
            award_fen=t.award_fen,
            fee_needed_fen=max(0, t.fee_more_than_fen + 1 - fee_fen),
            workers_needed=max(0, t.workers_more_than + 1 - workers),
        )
    return NextTier(
        tier=CASE_BY_CASE,
        award_fen=None,
        fee_needed_fen=max(0, table.case_by_case_fee_more_than_fen + 1 - fee_fen),
        workers_needed=0,
    )


def _explain(
    table: BrokerTable, kind: BrokerKind, fee_fen: int, workers: int, tier: int, cbc: bool
) -> str:
    head = f"{kind.value} table: annual fee {yuan(fee_fen)} yuan, {workers} workers"
    if cbc:
        regular = f"tier {tier}" if tier else "no regular tier"
        return (
            f"{head}; fee is more than {yuan(table.case_by_case_fee_more_than_fen)} yuan: "
            f"case by case (one strategy for one event), {regular} beside it for the county"
        )
    if not tier:
        t = table.tiers[0]
        return (
            f"{head}; the lowest tier needs more than {yuan(t.fee_more_than_fen)} yuan "
            f"and more than {t.workers_more_than} workers: no award"
        )
    t = table.tiers[tier - 1]
    return (
        f"{head}; more than {yuan(t.fee_more_than_fen)} yuan and more than "
        f"{t.workers_more_than} workers: tier {tier}, {yuan(t.award_fen)} yuan"
    )

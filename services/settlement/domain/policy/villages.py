"""Village awards: newly professional processing villages, and the county's top three."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from services.settlement.domain.money import yuan
from services.settlement.domain.policy.lines import AmountLine
from services.settlement.domain.policy.model import Policy, TieBreak


class VillageYear(BaseModel):
    """A village's year: the fees its enterprises earned and their registered workforce."""

    model_config = ConfigDict(frozen=True)
    township: str
    village: str
    fee_fen: int
    workers: int
    low_income_workers: int
    enterprises: int

    @property
    def key(self) -> str:
        return f"{self.township}/{self.village}"


def is_professional(policy: Policy, v: VillageYear) -> bool:
    rule = policy.villages.professional_village
    return (
        v.fee_fen > rule.annual_fee_more_than_fen
        and v.workers > rule.workers_more_than
        and v.enterprises >= rule.enterprises_at_least
    )


def new_professional_villages(
    policy: Policy, year: Iterable[VillageYear], already: set[str]
) -> list[tuple[VillageYear, AmountLine]]:
    """Villages that qualify this year and never did before (``already``: their keys)."""
    rule = policy.villages.professional_village
    return [
        (
            v,
            AmountLine(
                rule=f"{policy.policy_id}/villages.new_professional_village",
                amount_fen=policy.villages.new_professional_village_fen,
                explanation=f"{v.key}: fee {yuan(v.fee_fen)} yuan > "
                f"{yuan(rule.annual_fee_more_than_fen)}, {v.workers} workers > "
                f"{rule.workers_more_than}, {v.enterprises} enterprises >= "
                f"{rule.enterprises_at_least}; first year it qualifies",
                figures={
                    "village": v.key,
                    "fee_fen": v.fee_fen,
                    "workers": v.workers,
                    "enterprises": v.enterprises,
                    "annual_fee_more_than_fen": rule.annual_fee_more_than_fen,
                    "workers_more_than": rule.workers_more_than,
                    "enterprises_at_least": rule.enterprises_at_least,
                },
            ),
        )
        for v in sorted(year, key=lambda v: v.key)
        if v.key not in already and is_professional(policy, v)
    ]


def _rank_key(policy: Policy, v: VillageYear) -> tuple[object, ...]:
    keys: list[object] = [-v.fee_fen]
    for tb in policy.villages.tie_breaks:
        keys.append(-v.low_income_workers if tb is TieBreak.LOW_INCOME_WORKERS else v.village)
    return (*keys, v.key)


def top_villages(
    policy: Policy, year: Iterable[VillageYear]
) -> list[tuple[VillageYear, AmountLine]]:
    """The first places by annual fee (villages that earned something), ties by the policy's
    tie-breaks: more workers from low-income households, then name."""
    ranked = sorted((v for v in year if v.fee_fen > 0), key=lambda v: _rank_key(policy, v))
    awards = policy.villages.top_villages_fen
    return [
        (
            v,
            AmountLine(
                rule=f"{policy.policy_id}/villages.top_{place}",
                amount_fen=amount,
                explanation=f"place {place} in the county by annual fee: {v.key}, "
                f"{yuan(v.fee_fen)} yuan, {v.low_income_workers} low-income workers",
                figures={
                    "village": v.key,
                    "place": place,
                    "fee_fen": v.fee_fen,
                    "low_income_workers": v.low_income_workers,
                },
            ),
        )
        for place, (v, amount) in enumerate(zip(ranked, awards, strict=False), 1)
    ]

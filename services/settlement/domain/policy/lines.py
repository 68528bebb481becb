"""An amount with the rule that produced it and the figures it used, checkable by hand."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

Figure = int | str | bool | None


class AmountLine(BaseModel):
    """``amount_fen`` None means no automatic amount (case by case: the county decides)."""

    model_config = ConfigDict(frozen=True)
    rule: str  # e.g. "suichang-2009/broker_awards.general.tier_2"
    amount_fen: int | None
    explanation: str
    figures: dict[str, Figure]

"""Process loss: the share of a material a category may use beyond the standard per piece.

Threading beads or cutting cloth loses some material; the client allows for it per
category (a percentage, configurable). The standard use of a lot is its share of the
order's materials for the units it made; what it used (consumed + scrapped) beyond
that standard plus the allowance is flagged and shown to the office.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from services.fulfilment.domain.ledger import Account

# Defaults per category code; the service's settings may override any of them.
DEFAULT_LOSS_PCT: dict[str, Decimal] = {
    "bead_work": Decimal("3"),
    "pearl_embroidery": Decimal("3"),
    "crochet": Decimal("2"),
    "garment_sewing": Decimal("5"),
    "knitting": Decimal("2"),
    "welding_assembly": Decimal("1"),
}
FALLBACK_LOSS_PCT = Decimal("2")


def loss_pct(category: str, overrides: Mapping[str, Decimal] | None = None) -> Decimal:
    table = {**DEFAULT_LOSS_PCT, **(overrides or {})}
    return table.get(category, FALLBACK_LOSS_PCT)


@dataclass(frozen=True)
class LossCheck:
    item: str
    standard: Decimal  # the share for the units made
    allowed: Decimal  # standard x (1 + loss %)
    used: Decimal  # consumed + scrapped

    @property
    def over_by(self) -> Decimal:
        return max(self.used - self.allowed, Decimal(0))

    @property
    def over(self) -> bool:
        return self.over_by > 0


def check_loss(account: Account, standard: Decimal, pct: Decimal) -> LossCheck:
    allowed = standard * (1 + pct / 100)
    return LossCheck(account.item, standard, allowed, account.consumed + account.scrapped)

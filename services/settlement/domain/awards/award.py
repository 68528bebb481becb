"""An award goes assessed -> approved -> paid, each step by an admin; a rerun may change an
award only while it is assessed (what was approved or paid stays, the change is reported)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from services.settlement.domain.errors import IllegalTransition
from services.settlement.domain.policy.lines import AmountLine, Figure


class AwardState(StrEnum):
    ASSESSED = "assessed"
    APPROVED = "approved"
    PAID = "paid"


class AwardKind(StrEnum):
    BROKER = "broker_award"
    LOAN = "loan_interest_subsidy"
    RELOCATION = "relocation_subsidy"
    VILLAGE_NEW = "village_new"
    VILLAGE_TOP = "village_top"


@dataclass
class Award:
    award_id: uuid.UUID
    county: str
    year: int
    kind: AwardKind
    subject: str
    provider_id: uuid.UUID | None
    rule: str
    amount_fen: int | None
    explanation: str
    figures: dict[str, Figure]
    state: AwardState = AwardState.ASSESSED
    events: list[str] = field(default_factory=list)

    def same_as(self, line: AmountLine) -> bool:
        return (self.rule, self.amount_fen, self.figures) == (
            line.rule,
            line.amount_fen,
            line.figures,
        )

    def reassess(self, line: AmountLine) -> None:
        if self.state is not AwardState.ASSESSED:
            raise IllegalTransition(f"award is {self.state.value}: a rerun cannot change it")
        self.rule, self.amount_fen = line.rule, line.amount_fen
        self.explanation, self.figures = line.explanation, dict(line.figures)

    def approve(self, amount_fen: int | None) -> None:
        """Case by case (no automatic amount): the county's decided amount must be given."""
        if self.state is not AwardState.ASSESSED:
            raise IllegalTransition(
                f"only an assessed award can be approved (it is {self.state.value})"
            )
        if self.amount_fen is None:
            if amount_fen is None:
                raise IllegalTransition("a case-by-case award needs the amount the county decided")
            self.amount_fen = amount_fen
        elif amount_fen is not None and amount_fen != self.amount_fen:
            raise IllegalTransition("the policy fixed this award's amount; approve it as assessed")
        self.state = AwardState.APPROVED

    def pay(self) -> None:
        if self.state is not AwardState.APPROVED:
            raise IllegalTransition(
                f"only an approved award can be paid (it is {self.state.value})"
            )
        self.state = AwardState.PAID

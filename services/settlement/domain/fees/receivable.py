"""A receivable: one delivery's processing fee, owed by the client (through its office) to
the processing enterprise, due on delivery ("first delivery, then the fee").

One per delivery id, so a replayed or duplicated delivery never creates a second one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.settlement.domain.errors import Overpayment
from services.settlement.domain.money import yuan


class ReceivableState(StrEnum):
    OPEN = "open"
    PAID = "paid"


@dataclass
class Receivable:
    delivery_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    office_id: uuid.UUID
    client_id: uuid.UUID
    category: str
    county: str
    market: str
    good_units: int
    defective_units: int
    unit_fee_fen: int
    freight_fen: int
    freight_subsidy_fen: int
    due_on: date
    # What the office took off at inspection (accept with a deduction), never more than the
    # good units' fee: the enterprise is owed the rest.
    deduction_fen: int = 0
    paid_fen: int = 0
    state: ReceivableState = ReceivableState.OPEN

    @property
    def fee_fen(self) -> int:
        """Good units only (defective units earn nothing), less the inspection's deduction."""
        return self.good_units * self.unit_fee_fen - self.deduction_fen

    @property
    def outstanding_fen(self) -> int:
        return self.fee_fen - self.paid_fen

    def pay(self, amount_fen: int) -> None:
        """A payment, partial or whole; never more than is still owed."""
        if amount_fen <= 0:
            raise Overpayment("a payment must be a positive amount")
        if amount_fen > self.outstanding_fen:
            raise Overpayment(
                f"{yuan(amount_fen)} yuan is more than the {yuan(self.outstanding_fen)} yuan "
                "still owed on this delivery"
            )
        self.paid_fen += amount_fen
        if self.outstanding_fen == 0:
            self.state = ReceivableState.PAID

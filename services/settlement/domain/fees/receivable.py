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
    # A delivery claimed more good units than inspection accepted: those taken off this
    # receivable before they were paid, and those already paid (the office recovers them).
    taken_back_units: int = 0
    overpaid_units: int = 0

    @property
    def fee_fen(self) -> int:
        """Good units only (defective units earn nothing), less the inspection's deduction."""
        return self.good_units * self.unit_fee_fen - self.deduction_fen

    @property
    def outstanding_fen(self) -> int:
        return self.fee_fen - self.paid_fen

    @property
    def unpaid_units(self) -> int:
        """Good units whose fee no payment has covered yet (a part-paid unit counts paid)."""
        if self.unit_fee_fen <= 0:
            return self.good_units
        covered = -(-(self.paid_fen + self.deduction_fen) // self.unit_fee_fen)
        return max(self.good_units - covered, 0)

    def take_back(self, units: int) -> int:
        """Up to ``units`` good units inspection did not accept leave the fee (counted
        defective), as far as they are unpaid; how many did."""
        n = min(units, self.unpaid_units)
        self.good_units -= n
        self.defective_units += n
        self.taken_back_units += n
        if self.paid_fen and self.outstanding_fen == 0:
            self.state = ReceivableState.PAID
        return n

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


def take_back(claims: list[Receivable], excess: int) -> list[Receivable]:
    """Inspection accepted ``excess`` fewer good units of a job than its receivables say:
    take them off the newest receivables first, as far as they are unpaid; what is paid
    already stays on the newest receivable as overpaid, for the office to recover (set, not
    added: each inspection states the job's whole excess). The receivables changed."""
    changed = []
    left = max(excess, 0)
    newest = sorted(claims, key=lambda r: (r.due_on, r.good_units), reverse=True)
    for r in newest:
        taken = r.take_back(left)
        left -= taken
        if taken or r.overpaid_units:
            r.overpaid_units = 0
            changed.append(r)
    holder = next((r for r in newest if r.good_units), None)
    if left and holder is not None:
        holder.overpaid_units = left
        if holder not in changed:
            changed.append(holder)
    return changed

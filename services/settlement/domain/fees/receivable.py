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
    # A delivery claimed more good units than inspection accepted (or the inspection
    # deducted more than its own receivable could carry): whole units taken off this
    # receivable while unpaid (counted defective); the rest of the difference taken off
    # what is still outstanding (``reclaimed_fen``); and what was paid already
    # (``overpaid_fen``, for the office to recover). The last two are restated by every
    # inspection of the job (domain function ``take_back``).
    taken_back_units: int = 0
    reclaimed_fen: int = 0
    overpaid_fen: int = 0

    @property
    def fee_fen(self) -> int:
        """Good units only (defective units earn nothing), less what inspection took off."""
        return self.good_units * self.unit_fee_fen - self.deduction_fen - self.reclaimed_fen

    @property
    def earned_fen(self) -> int:
        """The fee less what was paid for pieces inspection refused: the enterprise's income
        for awards and impact."""
        return self.fee_fen - self.overpaid_fen

    @property
    def outstanding_fen(self) -> int:
        return self.fee_fen - self.paid_fen

    @property
    def unpaid_units(self) -> int:
        """Good units whose fee nothing covers yet (payments and what inspection took off;
        a part-covered unit counts covered)."""
        if self.unit_fee_fen <= 0:
            return self.good_units
        covered = self.paid_fen + self.deduction_fen + self.reclaimed_fen
        return max(self.good_units - -(-covered // self.unit_fee_fen), 0)

    def take_back(self, units: int) -> int:
        """Up to ``units`` good units inspection did not accept leave the fee (counted
        defective), as far as they are unpaid; how many did."""
        n = min(units, self.unpaid_units)
        self.good_units -= n
        self.defective_units += n
        self.taken_back_units += n
        self.refresh_state()
        return n

    def reclaim(self, amount_fen: int) -> int:
        """Up to ``amount_fen`` off what is still outstanding; how much."""
        n = min(amount_fen, self.outstanding_fen)
        self.reclaimed_fen += n
        self.refresh_state()
        return n

    def refresh_state(self) -> None:
        paid = self.paid_fen > 0 and self.outstanding_fen == 0
        self.state = ReceivableState.PAID if paid else ReceivableState.OPEN

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


def take_back(job: list[Receivable], excess_units: int, owed_fen: int) -> list[Receivable]:
    """Inspection found a job owed ``owed_fen`` (its accepted units' fee less its
    deductions) and ``excess_units`` fewer good units than its receivables say (a
    delivery claim made receivable before settlement heard of the inspection). Newest
    receivables first: whole unpaid units come off; what the receivables still bill
    beyond ``owed_fen`` comes off what is outstanding; what is paid beyond it is counted
    overpaid, on the newest paid receivables, each at most what it was paid. Restated in
    full by every inspection of the job (a rework that passes clears it). The
    receivables changed."""
    newest = sorted(job, key=lambda r: (r.due_on, r.good_units), reverse=True)
    before = {r.delivery_id: (r.good_units, r.reclaimed_fen, r.overpaid_fen) for r in newest}
    for r in newest:
        r.reclaimed_fen = r.overpaid_fen = 0
        r.refresh_state()
    units = max(excess_units, 0)
    for r in newest:
        units -= r.take_back(units)
    surplus = sum(r.fee_fen for r in newest) - max(owed_fen, 0)
    for r in newest:
        if surplus > 0:
            surplus -= r.reclaim(surplus)
    for r in newest:  # now fully paid where anything is left: each holds its own payments
        r.overpaid_fen = min(max(surplus, 0), r.paid_fen)
        surplus -= r.overpaid_fen
    return [
        r
        for r in newest
        if before[r.delivery_id] != (r.good_units, r.reclaimed_fen, r.overpaid_fen)
    ]

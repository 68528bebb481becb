"""An inspection of a lot's goods and the rule that judges its decision.

The order's defect tolerance says what is acceptable: within it the expected
decision is to accept, outside it to reject for rework. A decision against that
(accepting too many defects, or sending back a lot within tolerance) needs a
reason, kept with the inspection.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from services.fulfilment.domain.errors import FulfilmentError
from shared.contracts.fulfilment import Decision


@dataclass(frozen=True)
class Inspection:
    inspection_id: uuid.UUID
    inspected: int
    defective: int
    decision: Decision
    inspected_on: date
    reason: str = ""
    deduction_fen: int = 0
    rework_due: date | None = None

    def check(self, round_units: int, within_tolerance: bool) -> None:
        if self.inspected <= 0:
            raise FulfilmentError("inspect at least one unit", field="inspected")
        if self.inspected > round_units:
            raise FulfilmentError(
                f"only {round_units} units are up for inspection", field="inspected"
            )
        if not 0 <= self.defective <= self.inspected:
            raise FulfilmentError(
                "defective units must be between 0 and the units inspected", field="defective"
            )
        expected = Decision.ACCEPT if within_tolerance else Decision.REJECT_FOR_REWORK
        against = (self.decision is Decision.REJECT_FOR_REWORK) == within_tolerance
        if against and not self.reason.strip():
            where = "within" if within_tolerance else "outside"
            raise FulfilmentError(
                f"{self.defective} defective of {self.inspected} is {where} the order's "
                f"tolerance: give a reason to decide {self.decision} rather than {expected}",
                field="reason",
            )
        self._check_decision()

    def _check_decision(self) -> None:
        if self.decision is Decision.ACCEPT_WITH_DEDUCTION and self.deduction_fen <= 0:
            raise FulfilmentError("give the deduction in fen", field="deduction_fen")
        if self.decision is not Decision.ACCEPT_WITH_DEDUCTION and self.deduction_fen:
            raise FulfilmentError(
                "a deduction goes only with accept_with_deduction", field="deduction_fen"
            )
        if self.decision is Decision.REJECT_FOR_REWORK:
            if self.defective == 0:
                raise FulfilmentError("nothing to rework: no defective units", field="defective")
            if self.rework_due is None or self.rework_due < self.inspected_on:
                raise FulfilmentError(
                    "give the rework's new due date, not before the inspection",
                    field="rework_due",
                )

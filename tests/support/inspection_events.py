"""Fulfilment's events for one lot, as settlement's tests need them: materials dispatched,
a first inspection that sends part back for rework, and the rework's inspection."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from shared.contracts import fulfilment as ff


@dataclass(frozen=True)
class Lot:
    order_id: uuid.UUID
    job_id: uuid.UUID
    provider_id: uuid.UUID
    day: date
    office_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def dispatched(self) -> ff.ConsignmentDispatched:
        line = ff.ShippedLine(job_id=self.job_id, item="beads", unit="kg", quantity=Decimal(2))
        return ff.ConsignmentDispatched(
            consignment_id=uuid.uuid4(), order_id=self.order_id, office_id=self.office_id,
            direction=ff.Direction.OUT, carrier="Lishui freight", shipped_on=self.day,
            lines=(line,),
        )  # fmt: skip

    def inspected(
        self, round_: int, inspected: int, defective: int, accepted: int, rework: int
    ) -> ff.InspectionRecorded:
        """``accepted``: the lot's running total, as fulfilment says it (a rework of 10
        passed after 90 accepted: 100)."""
        decision = ff.Decision.REJECT_FOR_REWORK if rework else ff.Decision.ACCEPT
        return ff.InspectionRecorded(
            inspection_id=uuid.uuid4(), job_id=self.job_id, order_id=self.order_id,
            provider_id=self.provider_id, round=round_, inspected=inspected,
            defective=defective, decision=decision, reason="too many loose beads" if rework else "",
            within_tolerance=not rework, accepted_units=accepted, rework_units=rework,
            inspected_on=self.day + timedelta(days=round_), lot_accepted=not rework,
            order_accepted=not rework,
        )  # fmt: skip

    def rework(self, units: int) -> ff.ReworkRequested:
        return ff.ReworkRequested(
            inspection_id=uuid.uuid4(), job_id=self.job_id, order_id=self.order_id,
            provider_id=self.provider_id, units=units, due=self.day + timedelta(days=7),
            reason="too many loose beads",
        )  # fmt: skip

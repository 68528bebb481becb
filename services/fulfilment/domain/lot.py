"""A lot: one accepted job, with its materials ledger, its inspections and its rework.

States: OPEN (materials go out, production runs) -> AWAITING_INSPECTION (matching
says the job is delivered) -> ACCEPTED, or REWORK (rejected units go back with a
new due date) -> inspected again -> ACCEPTED. A cancelled job's lot is CANCELLED.
Goods may reach the office before matching's delivery event reaches us, so an
open lot may be inspected too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from services.fulfilment.domain.allowance import check_loss
from services.fulfilment.domain.errors import IllegalTransition
from services.fulfilment.domain.inspection import Inspection
from services.fulfilment.domain.ledger import Ledger, Usage
from services.fulfilment.domain.order import OrderMaterials
from shared.contracts import fulfilment as f
from shared.events import Payload


class LotState(StrEnum):
    OPEN = "open"
    AWAITING_INSPECTION = "awaiting_inspection"
    REWORK = "rework"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"


INSPECTABLE = frozenset({LotState.OPEN, LotState.AWAITING_INSPECTION, LotState.REWORK})
DONE = frozenset({LotState.ACCEPTED, LotState.CANCELLED})


@dataclass
class Lot:
    job_id: uuid.UUID
    order_id: uuid.UUID
    provider_id: uuid.UUID
    category: str
    units: int
    due: date
    state: LotState = LotState.OPEN
    ledger: Ledger = field(default_factory=Ledger)
    round: int = 0  # inspections so far
    round_units: int = 0  # units up for the next inspection (0: the lot's units)
    accepted_units: int = 0
    rework_due: date | None = None
    delivered_late: bool = False
    reconciled: bool = False
    events: list[Payload] = field(default_factory=list)
    version: int = 0  # the stored row's, for the repository

    @property
    def done(self) -> bool:
        return self.state in DONE or self.units == 0

    def owe(self, order: OrderMaterials | None) -> None:
        """Owed materials follow the lot's units (a split or cancellation changes them)."""
        if order is not None:
            self.ledger.owe(order.shares(self.units))

    def move_units(self, units: int, order: OrderMaterials | None) -> None:
        """Units left after a split; the share of what moved goes with them."""
        self.units = max(units, 0)
        self.owe(order)

    def delivered(self, *, late: bool) -> None:
        self.delivered_late = self.delivered_late or late
        if self.state is LotState.OPEN:
            self.state = LotState.AWAITING_INSPECTION

    def cancel(self, units_kept: int, order: OrderMaterials | None) -> None:
        if self.state is LotState.ACCEPTED:
            return  # the goods passed inspection: nothing left to cancel
        self.state = LotState.CANCELLED
        self.move_units(units_kept, order)

    def receive(self, counted: dict[str, tuple[str, Decimal]]) -> None:
        self._must_be_live("receive materials for")
        self.ledger.receive(counted)

    def reconcile(
        self, usage: dict[str, Usage], order: OrderMaterials, loss_pct: Decimal
    ) -> f.MaterialsReconciled:
        """The broker's report of what became of the materials; refused whole if it would
        leave any line held below zero."""
        if self.state is LotState.CANCELLED and self.units == 0:
            raise IllegalTransition(f"lot {self.job_id} was cancelled", field="job_id")
        self.ledger.use(usage)
        self.reconciled = True
        lines = []
        for item, account in sorted(self.ledger.accounts.items()):
            standard = order.shares(self.units).get(item, (account.unit, Decimal(0)))[1]
            loss = check_loss(account, standard, loss_pct)
            lines.append(
                f.ReconciledLine(
                    item=item,
                    unit=account.unit,
                    owed=account.owed,
                    received=account.received,
                    consumed=account.consumed,
                    returned=account.returned,
                    scrapped=account.scrapped,
                    held=account.held,
                    allowed_use=loss.allowed,
                    over_allowance=loss.over_by,
                )
            )
        event = f.MaterialsReconciled(
            job_id=self.job_id,
            order_id=self.order_id,
            provider_id=self.provider_id,
            category=self.category,
            units_made=self.units,
            loss_allowance_pct=loss_pct,
            lines=tuple(lines),
            over_allowance=any(line.over_allowance > 0 for line in lines),
        )
        self.events.append(event)
        return event

    def inspect(self, i: Inspection, order: OrderMaterials, *, others_done: bool) -> None:
        """Record an inspection; ``others_done``: every other lot of the order is done."""
        if self.state not in INSPECTABLE:
            raise IllegalTransition(f"lot {self.job_id} is {self.state}: nothing to inspect")
        up = self.round_units or self.units
        within = order.within_tolerance(i.inspected, i.defective)
        i.check(up, within)
        late = self._late(i.inspected_on)
        rework = i.defective if i.decision is f.Decision.REJECT_FOR_REWORK else 0
        # defective units found are not paid; rejected ones come back as rework
        self.accepted_units += up - i.defective
        self.round += 1
        if rework:
            self.state, self.round_units, self.rework_due = LotState.REWORK, rework, i.rework_due
        else:
            self.state, self.round_units = LotState.ACCEPTED, 0
        self.events.append(self._recorded(i, within, late, rework, others_done))
        if rework:
            assert i.rework_due is not None
            self.events.append(
                f.ReworkRequested(
                    inspection_id=i.inspection_id,
                    job_id=self.job_id,
                    order_id=self.order_id,
                    provider_id=self.provider_id,
                    units=rework,
                    due=i.rework_due,
                    reason=i.reason or f"{rework} defective units rejected",
                )
            )

    def _late(self, on: date) -> bool:
        if self.state is LotState.REWORK:
            return self.rework_due is not None and on > self.rework_due
        return self.delivered_late

    def _recorded(
        self, i: Inspection, within: bool, late: bool, rework: int, others_done: bool
    ) -> f.InspectionRecorded:
        accepted = self.state is LotState.ACCEPTED
        return f.InspectionRecorded(
            inspection_id=i.inspection_id,
            job_id=self.job_id,
            order_id=self.order_id,
            provider_id=self.provider_id,
            round=self.round,
            inspected=i.inspected,
            defective=i.defective,
            decision=i.decision,
            deduction_fen=i.deduction_fen,
            reason=i.reason,
            within_tolerance=within,
            accepted_units=self.accepted_units,
            rework_units=rework,
            inspected_on=i.inspected_on,
            late=late,
            lot_accepted=accepted,
            order_accepted=accepted and others_done,
        )

    def _must_be_live(self, what: str) -> None:
        if self.state is LotState.CANCELLED and self.units == 0:
            raise IllegalTransition(f"cannot {what} lot {self.job_id}: it was cancelled")

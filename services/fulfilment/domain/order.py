"""Fulfilment's copy of an order: who owns it, its materials, its defect tolerance."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.fulfilment.domain.shares import MaterialLine


@dataclass
class OrderMaterials:
    order_id: uuid.UUID
    office_id: uuid.UUID
    category: str
    quantity: int  # the order's units now (amendments change it)
    basis_units: int  # the units the materials list was given for (at submission)
    materials: tuple[MaterialLine, ...]
    defect_tolerance_pct: Decimal
    origin_market: str
    deadline: date
    materials_ready: date | None = None  # when the market can ship them (None: not known)
    sequence: int = 1  # the office's changes: 1 submitted, +1 per amendment or cancellation
    cancelled: bool = False

    def amend(self, quantity: int, deadline: date, sequence: int | None) -> bool:
        """Apply an amendment unless a later change was applied already; True if applied."""
        if sequence is not None and sequence <= self.sequence:
            return False
        self.quantity, self.deadline = quantity, deadline
        self.sequence = sequence or self.sequence + 1
        return True

    def cancel(self, sequence: int | None) -> None:
        self.cancelled = True
        self.sequence = max(self.sequence, sequence or self.sequence + 1)

    def shares(self, lot_units: int) -> dict[str, tuple[str, Decimal]]:
        """What a lot of ``lot_units`` is owed, per item (unit, quantity)."""
        return {m.item: (m.unit, m.share(lot_units)) for m in self.materials}

    def within_tolerance(self, inspected: int, defective: int) -> bool:
        return defective * 100 <= self.defect_tolerance_pct * inspected

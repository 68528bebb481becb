"""Small builders for fulfilment's domain tests."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal as D

from services.fulfilment.domain.lot import Lot
from services.fulfilment.domain.order import OrderMaterials
from services.fulfilment.domain.shares import MaterialLine

DAY = date(2027, 3, 1)


def order(quantity: int = 1000, tolerance: str = "2") -> OrderMaterials:
    return OrderMaterials(
        order_id=uuid.uuid4(),
        office_id=uuid.uuid4(),
        category="bead_work",
        quantity=quantity,
        basis_units=quantity,
        materials=(
            MaterialLine("glass beads 4mm", "kg", D("60"), quantity),
            MaterialLine("nylon thread", "m", D("12.5"), quantity),
        ),
        defect_tolerance_pct=D(tolerance),
        origin_market="yiwu",
        deadline=date(2027, 4, 1),
    )


def lot(o: OrderMaterials, units: int = 500) -> Lot:
    made = Lot(uuid.uuid4(), o.order_id, uuid.uuid4(), o.category, units, date(2027, 3, 20))
    made.owe(o)
    return made

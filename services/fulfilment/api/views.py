"""Shape domain objects into the API's answers (what both sides see of a lot)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from services.fulfilment.domain.allowance import check_loss, loss_pct
from services.fulfilment.domain.consignment import Consignment
from services.fulfilment.domain.lot import Lot
from services.fulfilment.domain.order import OrderMaterials
from services.fulfilment.schemas import (
    AccountPublic,
    ConsignmentPublic,
    CountedPublic,
    InspectionPublic,
    LotPublic,
)


def lot_public(
    lot: Lot,
    order: OrderMaterials | None,
    allowances: Mapping[str, Decimal],
    inspections: list[dict[str, Any]] | None = None,
    consignments: list[Consignment] | None = None,
) -> LotPublic:
    pct = loss_pct(lot.category, allowances)
    standard = order.shares(lot.units) if order else {}
    materials = []
    for item, a in sorted(lot.ledger.accounts.items()):
        loss = check_loss(a, standard.get(item, (a.unit, a.owed))[1], pct)
        materials.append(
            AccountPublic(
                item=item,
                unit=a.unit,
                owed=a.owed,
                received=a.received,
                consumed=a.consumed,
                returned=a.returned,
                scrapped=a.scrapped,
                held=a.held,
                shortfall=a.shortfall,
                allowed_use=loss.allowed,
                over_allowance=loss.over_by if lot.reconciled else Decimal(0),
            )
        )
    return LotPublic(
        job_id=lot.job_id,
        order_id=lot.order_id,
        provider_id=lot.provider_id,
        category=lot.category,
        units=lot.units,
        due=lot.due,
        state=lot.state.value,
        accepted_units=lot.accepted_units,
        rework_units=lot.round_units,
        rework_due=lot.rework_due,
        reconciled=lot.reconciled,
        loss_allowance_pct=pct,
        over_allowance=any(m.over_allowance > 0 for m in materials),
        materials=materials,
        inspections=[InspectionPublic(**i) for i in inspections or []],
        consignments=[consignment_public(c) for c in consignments or []],
    )


def consignment_public(c: Consignment) -> ConsignmentPublic:
    counted = {(line.job_id, line.item): line for lines in c.counted.values() for line in lines}
    lines = []
    for line in c.lines:
        got = counted.get((line.job_id, line.item))
        lines.append(
            CountedPublic(
                **line.model_dump(),
                counted=got.counted if got else None,
                difference=got.difference if got else None,
            )
        )
    return ConsignmentPublic(
        id=c.consignment_id,
        office_id=c.office_id,
        direction=c.direction,
        carrier=c.carrier,
        shipped_on=c.shipped_on,
        state=c.state.value,
        lines=lines,
        units=c.units,
        received_on=c.received_on,
    )

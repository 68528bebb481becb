"""The office's inspection of a lot's goods: accept, accept with a deduction, or send
defective units back for rework."""

from __future__ import annotations

import uuid
from datetime import date

from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.domain.inspection import Inspection
from services.fulfilment.handlers.access import offices_lot, ruled
from services.fulfilment.schemas import InspectionCreate
from shared.identity import Principal


async def inspect(
    uow: FulfilmentUnitOfWork,
    who: Principal,
    job_id: uuid.UUID,
    body: InspectionCreate,
    today: date,
) -> uuid.UUID:
    inspection = Inspection(
        uuid.uuid4(),
        body.inspected,
        body.defective,
        body.decision,
        body.inspected_on or today,
        reason=body.reason,
        deduction_fen=body.deduction_fen,
        rework_due=body.rework_due,
    )
    async with uow:
        lot, order = await offices_lot(uow, who, job_id)
        # the order's row serialises its lots' inspections, so the last one sees the others
        await uow.orders.get(lot.order_id, lock=True)
        siblings = await uow.lots.of_order(lot.order_id)
        others_done = all(s.done for s in siblings if s.job_id != job_id)
        ruled(lambda: lot.inspect(inspection, order, others_done=others_done))
        await uow.lots.save(lot)
        for event in lot.events:
            uow.publish(event)
        lot.events.clear()
        await uow.commit()
    return inspection.inspection_id

"""The broker's report at delivery: per material line, consumed, returned and scrapped."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal

from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.domain.allowance import loss_pct
from services.fulfilment.domain.ledger import Usage
from services.fulfilment.handlers.access import brokers_lot, ruled
from services.fulfilment.schemas import ReconciliationCreate
from shared.contracts.fulfilment import MaterialsReconciled
from shared.identity import Principal
from shared.service.errors import InvalidInput


async def reconcile(
    uow: FulfilmentUnitOfWork,
    who: Principal,
    job_id: uuid.UUID,
    body: ReconciliationCreate,
    allowances: Mapping[str, Decimal],
) -> MaterialsReconciled:
    async with uow:
        lot, order = await brokers_lot(uow, who, job_id)
        usage: dict[str, Usage] = {}
        for n, line in enumerate(body.lines):
            if line.item in usage:
                raise InvalidInput(f"{line.item} is reported twice", field=f"lines.{n}.item")
            usage[line.item] = Usage(line.consumed, line.returned, line.scrapped)
        pct = loss_pct(lot.category, allowances)
        event = ruled(lambda: lot.reconcile(usage, order, pct))
        await uow.lots.save(lot)
        uow.publish(event)
        await uow.commit()
    return event

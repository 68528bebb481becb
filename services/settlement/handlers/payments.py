"""An office records a payment on one delivery's receivable: partial is fine, more is not."""

from __future__ import annotations

import uuid
from datetime import date

from services.settlement.adapters.uow import SettlementUnitOfWork
from services.settlement.domain.errors import Overpayment
from services.settlement.domain.fees.statement import Payment
from shared.identity import Principal
from shared.service.errors import InvalidInput, NotFound


async def record_payment(
    uow: SettlementUnitOfWork,
    who: Principal,
    delivery_id: uuid.UUID,
    amount_fen: int,
    paid_on: date,
) -> uuid.UUID:
    async with uow:
        r = await uow.receivables.get(delivery_id, lock=True)  # one payment at a time per delivery
        if r is None or not (who.is_admin or r.office_id == who.org_id):
            raise NotFound("receivable not found")
        if paid_on < r.due_on:
            raise InvalidInput("a payment cannot be dated before the delivery", field="paid_on")
        try:
            r.pay(amount_fen)
        except Overpayment as exc:
            raise InvalidInput(str(exc), field=exc.field) from exc
        payment = Payment(uuid.uuid4(), delivery_id, amount_fen, paid_on)
        await uow.receivables.save_payment(r, payment, who.org_id)
        await uow.commit()
    return payment.payment_id

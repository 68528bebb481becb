"""Consignments: the office ships materials to lots; brokers confirm what arrived and send
the finished goods (with returned materials) back."""

from __future__ import annotations

import uuid
from decimal import Decimal

from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.domain.consignment import Consignment
from services.fulfilment.domain.lot import LotState
from services.fulfilment.handlers.access import broker_of, brokers_lot, office_of, ruled
from services.fulfilment.schemas import ConsignmentBackCreate, ConsignmentCreate, ReceiptCreate
from shared.contracts.fulfilment import Direction, ShippedLine
from shared.identity import Principal
from shared.service.errors import DomainError, InvalidInput, NotFound


async def dispatch(uow: FulfilmentUnitOfWork, who: Principal, body: ConsignmentCreate) -> uuid.UUID:
    async with uow:
        orders: dict[uuid.UUID, uuid.UUID] = {}
        lines, office_id = [], None
        for n, line in enumerate(body.lines):
            lot = await uow.lots.get(line.job_id)
            order = None if lot is None else await uow.orders.get(lot.order_id)
            if lot is None or not office_of(who, order):
                raise NotFound(f"lot {line.job_id} not found")
            assert order is not None
            if lot.state is LotState.CANCELLED or order.cancelled:
                raise DomainError(f"lot {line.job_id} was cancelled: nothing to ship to it")
            unit = {m.item: m.unit for m in order.materials}.get(line.item)
            if unit is None:
                listed = ", ".join(m.item for m in order.materials) or "none"
                raise InvalidInput(
                    f"{line.item!r} is not among the order's materials ({listed})",
                    field=f"lines.{n}.item",
                )
            orders[lot.job_id], office_id = lot.order_id, order.office_id
            lines.append(
                ShippedLine(job_id=lot.job_id, item=line.item, unit=unit, quantity=line.quantity)
            )
        assert office_id is not None
        c = ruled(
            lambda: Consignment.dispatch(
                Consignment(
                    uuid.uuid4(),
                    office_id,
                    Direction.OUT,
                    body.carrier,
                    body.shipped_on,
                    tuple(lines),
                    orders,
                )
            )
        )
        await uow.consignments.add(c)
        _publish(uow, c.events)
        await uow.commit()
    return c.consignment_id


async def confirm_receipt(
    uow: FulfilmentUnitOfWork, who: Principal, consignment_id: uuid.UUID, body: ReceiptCreate
) -> None:
    async with uow:
        c = await uow.consignments.get(consignment_id, lock=True)
        lot = await uow.lots.get(body.job_id, lock=True)
        if c is None or lot is None or body.job_id not in c.orders or not broker_of(who, lot):
            raise NotFound("consignment not found")
        if c.direction is not Direction.OUT:
            raise DomainError("a consignment back is received by the office, not confirmed here")
        counted: dict[str, Decimal] = {}
        for n, line in enumerate(body.lines):
            if line.item in counted:
                raise InvalidInput(f"{line.item} is counted twice", field=f"lines.{n}.item")
            counted[line.item] = line.counted
        ruled(lambda: c.confirm(body.job_id, lot.provider_id, counted, body.received_on))
        ruled(lambda: lot.receive(c.received_quantities(body.job_id)))
        await uow.consignments.save_receipt(c, body.job_id)
        await uow.lots.save(lot)
        _publish(uow, c.events)
        await uow.commit()


async def send_back(
    uow: FulfilmentUnitOfWork, who: Principal, job_id: uuid.UUID, body: ConsignmentBackCreate
) -> uuid.UUID:
    """The delivery: finished units and the materials reported returned not yet sent."""
    async with uow:
        lot, order = await brokers_lot(uow, who, job_id)
        if body.units > lot.units:
            raise InvalidInput(f"the lot has {lot.units} units", field="units")
        sent: dict[str, Decimal] = {}
        for earlier in await uow.consignments.of_lot(job_id):
            if earlier.direction is Direction.BACK:
                for line in earlier.lines:
                    sent[line.item] = sent.get(line.item, Decimal(0)) + line.quantity
        lines = tuple(
            ShippedLine(
                job_id=job_id,
                item=a.item,
                unit=a.unit,
                quantity=a.returned - sent.get(a.item, Decimal(0)),
            )
            for a in lot.ledger.accounts.values()
            if a.returned > sent.get(a.item, Decimal(0))
        )
        c = ruled(
            lambda: Consignment.dispatch(
                Consignment(
                    uuid.uuid4(),
                    order.office_id,
                    Direction.BACK,
                    body.carrier,
                    body.shipped_on,
                    lines,
                    {job_id: lot.order_id},
                    units={job_id: body.units},
                )
            )
        )
        await uow.consignments.add(c)
        _publish(uow, c.events)
        await uow.commit()
    return c.consignment_id


def _publish(uow: FulfilmentUnitOfWork, events: list) -> None:
    for event in events:
        uow.publish(event)
    events.clear()

"""Who may see or change a lot: its broker, the office whose order it is, or an admin.

Another party's lot does not exist for the caller (404), as elsewhere in procnet.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.domain.errors import FulfilmentError, IllegalTransition
from services.fulfilment.domain.lot import Lot
from services.fulfilment.domain.order import OrderMaterials
from shared.identity import Principal, Role
from shared.service.errors import DomainError, InvalidInput, NotFound

T = TypeVar("T")


def office_of(who: Principal, order: OrderMaterials | None) -> bool:
    return order is not None and who.role is not Role.PROVIDER and who.owns(order.office_id)


def broker_of(who: Principal, lot: Lot) -> bool:
    return who.role is not Role.OFFICE and who.owns(lot.provider_id)


async def seen_lot(
    uow: FulfilmentUnitOfWork, who: Principal, job_id: uuid.UUID, *, lock: bool = False
) -> tuple[Lot, OrderMaterials | None]:
    """The lot and its order, if the caller is its broker, its office or an admin."""
    lot = await uow.lots.get(job_id, lock=lock)
    order = None if lot is None else await uow.orders.get(lot.order_id)
    if lot is None or not (who.is_admin or broker_of(who, lot) or office_of(who, order)):
        raise NotFound("lot not found")
    return lot, order


async def brokers_lot(
    uow: FulfilmentUnitOfWork, who: Principal, job_id: uuid.UUID
) -> tuple[Lot, OrderMaterials]:
    lot, order = await seen_lot(uow, who, job_id, lock=True)
    if not broker_of(who, lot):
        raise NotFound("lot not found")  # the office sees it, but only the broker reports
    return lot, _known(order)


async def offices_lot(
    uow: FulfilmentUnitOfWork, who: Principal, job_id: uuid.UUID
) -> tuple[Lot, OrderMaterials]:
    lot, order = await seen_lot(uow, who, job_id, lock=True)
    if not office_of(who, order):
        raise NotFound("lot not found")
    return lot, _known(order)


def _known(order: OrderMaterials | None) -> OrderMaterials:
    if order is None:
        raise DomainError("the lot's order has not reached fulfilment yet; retry shortly")
    return order


def ruled(call: Callable[[], T]) -> T:
    """A domain refusal as a clear answer: 409 for a state conflict, 422 for a bad value."""
    try:
        return call()
    except IllegalTransition as exc:
        raise DomainError(str(exc), field=exc.field) from exc
    except FulfilmentError as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc

"""A receiving provider's answer to a proposed transfer: accept (ask matching to split) or decline.

Only the receiver answers. The sender sees the transfer (403 if it tries to
answer); anyone else gets a 404, since the transfer does not exist for them.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import datetime

from services.balancer.adapters import transfers_repo
from services.balancer.adapters.transfers_repo import TransferRecord
from services.balancer.domain import BalancerError
from services.balancer.handlers import saga
from shared.db.unit_of_work import UnitOfWork
from shared.identity import Principal
from shared.service.errors import DomainError, NotFound


class Forbidden(DomainError):
    status = 403


async def answer_transfer(
    uow: UnitOfWork,
    who: Principal,
    transfer_id: uuid.UUID,
    accept: bool,
    reason: str,
    now: datetime,
) -> None:
    async with uow:
        rec = await _addressed_to(uow, who, transfer_id)
        if accept:
            await _domain_async(saga.accept(uow, rec, now))
        else:
            await _domain_async(saga.decline(uow, rec, reason))
        await uow.commit()


async def _addressed_to(uow: UnitOfWork, who: Principal, transfer_id: uuid.UUID) -> TransferRecord:
    rec = await transfers_repo.get(uow.session, transfer_id, lock=True)
    parties = {rec.plan.from_provider, rec.plan.to_provider} if rec else set()
    if rec is None or (str(who.org_id) not in parties and not who.is_admin):
        raise NotFound("transfer not found")
    if rec.plan.to_provider != str(who.org_id):
        raise Forbidden("only the receiving provider answers a transfer")
    return rec


async def _domain_async(step: Awaitable[None]) -> None:
    try:
        await step
    except BalancerError as exc:
        raise DomainError(str(exc)) from exc

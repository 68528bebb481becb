"""Events the balancer consumes, each to its handler (handlers/facts.py, handlers/transfers.py).

Handlers run inside the inbox consumer's transaction (``shared.inbox``), seen
through the balancer's repositories; every version of an event type reaches the
same handler (``JobSplitRefused`` v1 and v2).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.handlers import facts, transfers
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload
from shared.inbox.consumer import Handler

BalancerHandler = Callable[[BalancerUnitOfWork, Envelope, Payload], Awaitable[None]]


def _joined(handler: BalancerHandler) -> Handler:
    async def handle(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
        await handler(BalancerUnitOfWork.joining(uow), env, p)

    return handle


HANDLERS: dict[str, Handler] = {
    event: _joined(handler)
    for event, handler in {
        "OrderSubmitted": facts.on_order_submitted,
        "ProviderRegistered": facts.on_provider_registered,
        "CapacityChanged": facts.on_capacity_changed,
        "CalendarChanged": facts.on_calendar_changed,
        "OfferAccepted": facts.on_offer_accepted,
        "JobProgressReported": facts.on_progress,
        "JobDelivered": facts.on_delivered,
        "JobCancelled": facts.on_cancelled,
        "JobSplit": transfers.on_job_split,
        "JobSplitRefused": transfers.on_split_refused,
    }.items()
}

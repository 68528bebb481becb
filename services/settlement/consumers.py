"""Events settlement consumes, each to its handler (handlers/facts.py).

Handlers run inside the inbox consumer's transaction, seen through settlement's
repositories; every version of an event type reaches the same handler
(``JobDelivered`` v1 and v2).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.settlement.adapters.uow import SettlementUnitOfWork
from services.settlement.domain.policy.catalogue import Policies
from services.settlement.handlers import facts
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload
from shared.inbox.consumer import Handler

SettlementHandler = Callable[[SettlementUnitOfWork, Envelope, Payload], Awaitable[None]]

EVENTS: dict[str, SettlementHandler] = {
    "CategoryDefined": facts.on_category_defined,
    "OrderSubmitted": facts.on_order_submitted,
    "ProviderRegistered": facts.on_provider_registered,
    "OfferAccepted": facts.on_offer_accepted,
    "JobSplit": facts.on_job_split,
    "JobDelivered": facts.on_delivered,
    # fulfilment's: orders it reports on are paid on inspected good units
    "ConsignmentDispatched": facts.on_fulfilment_reports,
    "ReworkRequested": facts.on_fulfilment_reports,
    "InspectionRecorded": facts.on_inspected,
}


def handlers(policies: Policies) -> dict[str, Handler]:
    def joined(handler: SettlementHandler) -> Handler:
        async def handle(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
            await handler(SettlementUnitOfWork.joining(uow, policies), env, p)

        return handle

    return {event: joined(h) for event, h in EVENTS.items()}

"""Events fulfilment consumes, each to its handler (handlers/facts.py).

Every version of an event type reaches the same handler (``OrderAmended`` v1 and v2,
``JobDelivered`` v1 and v2).
"""

from __future__ import annotations

from services.fulfilment.handlers import facts
from shared.inbox.consumer import Handler

HANDLERS: dict[str, Handler] = {
    "OrderSubmitted": facts.on_order_submitted,
    "OrderAmended": facts.on_order_amended,
    "OrderCancelled": facts.on_order_cancelled,
    "OfferAccepted": facts.on_offer_accepted,
    "JobSplit": facts.on_job_split,
    "JobCancelled": facts.on_job_cancelled,
    "JobDelivered": facts.on_job_delivered,
    "ProviderRegistered": facts.on_provider_registered,
}

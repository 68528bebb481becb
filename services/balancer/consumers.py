"""Events the balancer consumes, each to its handler (handlers/facts.py, handlers/transfers.py).

Handlers run inside the inbox consumer's transaction (``shared.inbox``); every
version of an event type reaches the same handler (``JobSplitRefused`` v1 and v2).
"""

from __future__ import annotations

from services.balancer.handlers import facts, transfers
from shared.inbox.consumer import Handler

HANDLERS: dict[str, Handler] = {
    "OrderSubmitted": facts.on_order_submitted,
    "ProviderRegistered": facts.on_provider_registered,
    "CapacityChanged": facts.on_capacity_changed,
    "CalendarChanged": facts.on_calendar_changed,
    "OfferAccepted": facts.on_offer_accepted,
    "JobProgressReported": facts.on_progress,
    "JobDelivered": facts.on_delivered,
    "JobSplit": transfers.on_job_split,
    "JobSplitRefused": transfers.on_split_refused,
}

"""Every topic the system uses, declared once. Broker auto-creation is off.

Each topic has a dead-letter twin ``<name>.dlq`` where consumers park
messages they can never apply, with the error in the headers.
"""

from __future__ import annotations

from dataclasses import dataclass

DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int = 6
    retention_ms: int = 30 * DAY_MS
    cleanup_policy: str = "delete"

    @property
    def dlq(self) -> Topic:
        return Topic(f"{self.name}.dlq", partitions=1, retention_ms=90 * DAY_MS)

    def configs(self) -> dict[str, str]:
        return {"retention.ms": str(self.retention_ms), "cleanup.policy": self.cleanup_policy}


ORDERS = Topic("intake.orders")
PROVIDERS = Topic("matching.providers")
# Offers and jobs share one topic keyed by order id, so every consumer sees an
# order's offers, acceptances, progress and delivery in the order they happened.
PLACEMENTS = Topic("matching.placements")
SEASONS = Topic("balancer.seasons", partitions=1)
LOANS = Topic("balancer.loans")
TRANSFERS = Topic("balancer.transfers")

# Materials, consignments, inspections and rework, keyed by order id.
FULFILMENT = Topic("fulfilment.lots")

# The product catalogue intake owns, keyed by category code and compacted: the
# newest definition of each code is kept for ever, so a new consumer learns them all.
CATEGORIES = Topic("intake.categories", partitions=1, retention_ms=-1, cleanup_policy="compact")

# Organisations' contacts (personal data), one compacted topic per owner keyed by the
# organisation's id, read only by the portal's notification sinks.
INTAKE_CONTACTS = Topic("intake.contacts", partitions=1, retention_ms=-1, cleanup_policy="compact")
MATCHING_CONTACTS = Topic(
    "matching.contacts", partitions=1, retention_ms=-1, cleanup_policy="compact"
)

# A county's yearly awards and subsidies (assessed, approved, paid), keyed by award id.
AWARDS = Topic("settlement.awards")

ALL_TOPICS: tuple[Topic, ...] = (
    ORDERS,
    CATEGORIES,
    PROVIDERS,
    PLACEMENTS,
    SEASONS,
    LOANS,
    TRANSFERS,
    AWARDS,
    FULFILMENT,
    INTAKE_CONTACTS,
    MATCHING_CONTACTS,
)


def with_dead_letters(topics: tuple[Topic, ...]) -> list[Topic]:
    return [t for topic in topics for t in (topic, topic.dlq)]

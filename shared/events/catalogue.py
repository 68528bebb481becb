"""Who sends and who reads each topic, declared once.

A topic has one producer, the service that owns it (its name starts with the
producer's), and the services that subscribe to it. Each service's bootstrap
subscribes with ``subscriptions(<service>)``, so this table and the running
consumers cannot differ; the event catalogue (``shared.events.asyncapi``,
``docs/asyncapi.json``, ``docs/events.md``) is generated from it and the
contract registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.kafka.topics import (
    AWARDS,
    CATEGORIES,
    FULFILMENT,
    INTAKE_CONTACTS,
    LOANS,
    MATCHING_CONTACTS,
    ORDERS,
    PLACEMENTS,
    PROVIDERS,
    SEASONS,
    TRANSFERS,
    Topic,
)

SERVICES: tuple[str, ...] = ("intake", "matching", "balancer", "settlement", "fulfilment")


@dataclass(frozen=True)
class Channel:
    topic: Topic
    producer: str
    consumers: tuple[str, ...]
    about: str
    # Readers that only watch (the portal's live updates): they may read the topic but
    # have no dead-letter topic and are not part of the documented data flow.
    watchers: tuple[str, ...] = ()


CHANNELS: tuple[Channel, ...] = (
    Channel(
        ORDERS,
        "intake",
        ("matching", "balancer", "settlement", "fulfilment"),
        "Liaison offices' orders: submitted, amended, cancelled. Keyed by order id, so each "
        "order's events are read in the order they were written.",
        watchers=("portal",),
    ),
    Channel(
        CATEGORIES,
        "intake",
        ("matching", "settlement"),
        "The product categories intake accepts, keyed by code and compacted: the newest "
        "definition of each code is kept for ever, so a new consumer learns them all.",
    ),
    Channel(
        PROVIDERS,
        "matching",
        ("balancer", "settlement", "fulfilment"),
        "Processing providers: registration, standing capacity and calendar exceptions. "
        "Keyed by provider id.",
    ),
    Channel(
        PLACEMENTS,
        "matching",
        ("intake", "balancer", "settlement", "fulfilment"),
        "Offers and jobs on one topic keyed by order id, so every consumer sees an order's "
        "offers, acceptances, progress, splits and delivery in the order they happened.",
        watchers=("portal",),
    ),
    Channel(
        SEASONS,
        "balancer",
        ("matching",),
        "Seasonal capacity factors per county and category (one partition: seasons apply in "
        "the order they were defined).",
    ),
    Channel(
        LOANS,
        "balancer",
        (),
        "Spare capacity the balancer offers for lending, keyed by provider id.",
    ),
    Channel(
        TRANSFERS,
        "balancer",
        ("matching",),
        "Jobs at risk and the transfer saga (proposed, accepted, declined, completed, failed, "
        "expired), keyed by job id.",
        watchers=("portal",),
    ),
    Channel(
        AWARDS,
        "settlement",
        (),
        "A county's yearly awards and subsidies as an admin assesses, approves and pays "
        "them, each with the policy rule and figures behind its amount. Keyed by award id.",
    ),
    Channel(
        FULFILMENT,
        "fulfilment",
        ("intake", "matching", "settlement"),
        "Supplied materials and finished goods: consignments out and back, receipts with "
        "shortages, materials reconciled at delivery, inspections and rework. Keyed by order "
        "id, so an order's story is read in order.",
    ),
    Channel(
        INTAKE_CONTACTS,
        "intake",
        (),
        "Liaison offices' contacts (personal data, so not on intake.orders), keyed by office "
        "id and compacted: the newest contact of each office is kept for ever.",
        watchers=("portal",),
    ),
    Channel(
        MATCHING_CONTACTS,
        "matching",
        (),
        "Providers' contacts (personal data, so not on matching.providers), keyed by provider "
        "id and compacted: the newest contact of each provider is kept for ever.",
        watchers=("portal",),
    ),
)


def subscriptions(service: str) -> tuple[str, ...]:
    """The topic names ``service`` consumes: what its bootstrap subscribes to."""
    _known(service)
    return tuple(c.topic.name for c in CHANNELS if service in c.consumers)


def watched_by(service: str) -> tuple[str, ...]:
    """The topic names ``service`` watches (read-only, no dead letters): the portal."""
    return tuple(c.topic.name for c in CHANNELS if service in c.watchers)


def channels_of(service: str) -> tuple[Channel, ...]:
    """The channels ``service`` sends to or receives from."""
    _known(service)
    return tuple(c for c in CHANNELS if service == c.producer or service in c.consumers)


def _known(service: str) -> None:
    if service not in SERVICES:
        raise KeyError(f"no service {service!r} in the catalogue (known: {', '.join(SERVICES)})")

"""The portal's principal: it reads the topics it watches, in its own groups, and writes
nothing on Kafka; its Redis keys are its own."""

from __future__ import annotations

from services.portal.live.consumer import GROUP
from shared.events.catalogue import watched_by
from shared.kafka.acls import grants_for
from shared.kafka.topics import (
    INTAKE_CONTACTS,
    MATCHING_CONTACTS,
    ORDERS,
    PLACEMENTS,
    TRANSFERS,
)
from shared.security.access import ACCESS, access, principals


def test_the_portal_reads_what_it_watches_and_writes_nothing() -> None:
    portal = access("portal")
    assert "portal" in principals("kafka") and "portal" in principals("redis")
    assert "portal" not in principals("postgres")
    grants = grants_for(portal)
    topics = {g.name for g in grants if g.resource == "topic"}
    watched = {ORDERS.name, PLACEMENTS.name, TRANSFERS.name, INTAKE_CONTACTS.name}
    assert topics == set(watched_by("portal")) == watched | {MATCHING_CONTACTS.name}
    assert all(g.operation == "read" for g in grants)
    assert GROUP.startswith(portal.group_prefix)


def test_contacts_are_read_by_the_portal_alone() -> None:
    """Personal data: besides their owner and the operator's CLI (reads everything), only
    the portal reads the contact topics; no other service's consumer does."""
    for name, owner in ((INTAKE_CONTACTS.name, "intake"), (MATCHING_CONTACTS.name, "matching")):
        readers = {
            a.name
            for a in ACCESS
            for g in grants_for(a)
            if g.name == name and g.operation == "read"
        }
        assert readers == {owner, "portal", "cli"}, name

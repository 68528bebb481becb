"""The portal's principal: it reads the topics it watches, in its own groups, and writes
nothing on Kafka; its Redis keys are its own."""

from __future__ import annotations

from services.portal.live.consumer import GROUP
from shared.events.catalogue import watched_by
from shared.kafka.acls import grants_for
from shared.kafka.topics import ORDERS, PLACEMENTS, TRANSFERS
from shared.security.access import access, principals


def test_the_portal_reads_what_it_watches_and_writes_nothing() -> None:
    portal = access("portal")
    assert "portal" in principals("kafka") and "portal" in principals("redis")
    assert "portal" not in principals("postgres")
    grants = grants_for(portal)
    topics = {g.name for g in grants if g.resource == "topic"}
    assert topics == set(watched_by("portal")) == {ORDERS.name, PLACEMENTS.name, TRANSFERS.name}
    assert all(g.operation == "read" for g in grants)
    assert GROUP.startswith(portal.group_prefix)

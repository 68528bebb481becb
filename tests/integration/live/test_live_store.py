"""The portal's notifications in the test stack's Redis, as the ``portal`` ACL user:
an event is recorded once however often it comes, the list is capped and newest first,
unread counts, and a page's stream tail sees new notes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from services.portal.live.consumer import Recorder
from services.portal.live.routing import Kind, Note
from services.portal.live.store import LiveStore
from services.portal.routes.live import start_id
from shared.events.envelope import Envelope
from tests.support.stack import redis_client


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = redis_client("portal")
    yield client
    await client.aclose()


def note(org: str, event_id: str | None = None) -> Note:
    return Note(event_id or str(uuid.uuid4()), "JobOffered", org, Kind.OFFER,
                "New offer: {units} pieces of {category}", {"units": 3}, "o", "")  # fmt: skip


def envelope(event_type: str, payload: dict[str, object], age: timedelta = timedelta()) -> Envelope:
    return Envelope(event_id=uuid.uuid4(), type=event_type, version=1,
                    occurred_at=datetime.now(UTC) - age, key="k",
                    correlation_id=uuid.uuid4(), payload=payload)  # fmt: skip


async def test_an_event_is_recorded_once_and_queued_once_per_sink(redis: Redis) -> None:
    store, org, sink = LiveStore(redis), str(uuid.uuid4()), f"test-{uuid.uuid4().hex[:8]}"
    event_id = str(uuid.uuid4())
    assert await store.record(event_id, [note(org, event_id)], (sink,))
    assert not await store.record(event_id, [note(org, event_id)], (sink,))  # redelivered
    assert len(await store.notifications(org)) == 1
    assert await store.waiting(sink) == 1
    assert (await store.next_to_send(sink) or {})["event_id"] == event_id
    await store.sent(sink)
    assert await store.waiting(sink) == 0


async def test_the_list_is_capped_newest_first_and_counts_unread(redis: Redis) -> None:
    store, org = LiveStore(redis, cap=3), str(uuid.uuid4())
    ids = [str(uuid.uuid4()) for _ in range(5)]
    for i in ids:
        await store.record(i, [note(org, i)], ())
    listed = [n.event_id for _, n in await store.notifications(org)]
    assert listed == ids[::-1][:3]
    assert await store.unread(org) == 3
    await store.mark_read(org)
    assert await store.unread(org) == 0
    await store.record(str(uuid.uuid4()), [note(org)], ())
    assert await store.unread(org) == 1


async def test_a_tail_sees_what_comes_after_its_id(redis: Redis) -> None:
    store, org = LiveStore(redis), str(uuid.uuid4())
    start = start_id("", None)
    assert await store.tail(org, start, block_ms=10) == []
    await store.record(str(uuid.uuid4()), [note(org)], ())
    (first,) = await store.tail(org, start, block_ms=1000)
    assert await store.tail(org, first[0], block_ms=10) == []


async def test_the_recorder_learns_offices_and_ignores_old_events(redis: Redis) -> None:
    store, sink = LiveStore(redis), f"test-{uuid.uuid4().hex[:8]}"
    recorder = Recorder(store, (sink,), timedelta(hours=1))
    order, office, broker = (str(uuid.uuid4()) for _ in range(3))
    submitted = envelope("OrderSubmitted", {"order_id": order, "office_id": office})
    offered = envelope("JobOffered", {"order_id": order, "provider_id": broker, "units": 9})
    # Both in one batch: the office is learnt before the offer is routed.
    assert await recorder.handle([offered, submitted]) == 1
    assert await recorder.handle([offered]) == 0  # delivered twice: nothing new
    assert [n.org_id for _, n in await store.notifications(office)] == [office]
    assert [n.kind for _, n in await store.notifications(broker)] == [Kind.OFFER]
    assert await store.waiting(sink) == 2  # one per organisation
    stale = envelope("OfferAccepted", {"order_id": order, "units": 9}, age=timedelta(hours=2))
    assert await recorder.handle([stale]) == 0


async def test_the_recorder_keeps_the_newest_contact_whatever_its_age(redis: Redis) -> None:
    """Contacts come from compacted topics read from the beginning: an old one counts, and
    the newest wins; an organisation never heard of has "" (as the portal ACL user)."""
    store, office, broker = LiveStore(redis), str(uuid.uuid4()), str(uuid.uuid4())
    recorder = Recorder(store, (), timedelta(hours=1))
    old = envelope("OfficeContactChanged", {"office_id": office, "contact": "0578-2111111"},
                   age=timedelta(days=300))  # fmt: skip
    new = envelope("OfficeContactChanged", {"office_id": office, "contact": "wxid_sc01"})
    broker_contact = envelope("ProviderContactChanged", {"provider_id": broker, "contact": "139"})
    assert await recorder.handle([old, broker_contact]) == 0  # no notification
    assert await store.contact_of(office) == "0578-2111111"
    await recorder.handle([new])
    assert (await store.contact_of(office), await store.contact_of(broker)) == ("wxid_sc01", "139")
    assert await store.contact_of(str(uuid.uuid4())) == ""

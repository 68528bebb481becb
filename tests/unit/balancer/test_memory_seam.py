"""The shared in-memory seam (tests/support/memory.py) keeps the promises the fakes rely on:
a block that does not commit leaves no trace, and the bus delivers every committed event
once to each subscriber, following the events that handlers publish in turn."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from shared.contracts import matching as m
from shared.events import Envelope, Payload
from tests.support.memory import MemoryBus, MemoryUnitOfWork

ORDER, JOB, PROVIDER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


@dataclass
class Notes:
    lines: list[str] = field(default_factory=list)
    shared: dict[str, int] = field(default_factory=dict)


def accepted() -> m.OfferAccepted:
    return m.OfferAccepted(
        offer_id=uuid.uuid4(), job_id=JOB, order_id=ORDER, provider_id=PROVIDER,
        category="tea_sorting", units=40, start=date(2025, 4, 1), end=date(2025, 4, 9),
        deadline=date(2025, 4, 10),
    )  # fmt: skip


def progress(done: int) -> m.JobProgressReported:
    return m.JobProgressReported(
        job_id=JOB, order_id=ORDER, provider_id=PROVIDER, units_done=done, units_total=40,
        reported_on=date(2025, 4, 2),
    )  # fmt: skip


async def test_leaving_without_commit_restores_repositories_and_drops_staged_events() -> None:
    bus = MemoryBus()
    notes = Notes(["kept"])
    uow = MemoryUnitOfWork(bus, notes=notes)  # put back in place: `notes` stays the store
    async with uow:
        notes.lines.append("lost")
        uow.publish(accepted())
    assert notes.lines == ["kept"] and bus.published == []
    with pytest.raises(ValueError):
        async with uow:
            notes.lines.append("lost too")
            uow.publish(accepted())
            raise ValueError("the handler failed")
    assert notes.lines == ["kept"] and bus.published == []


async def test_what_is_committed_stays_and_what_follows_the_commit_is_rolled_back() -> None:
    bus = MemoryBus()
    notes = Notes()
    uow = MemoryUnitOfWork(bus, notes=notes)
    async with uow:
        notes.lines.append("committed")
        uow.publish(accepted())
        await uow.commit()
        notes.lines.append("after the commit")
        uow.publish(progress(5))
    assert notes.lines == ["committed"]
    assert [e.type for e in bus.published] == ["OfferAccepted"]


async def test_repositories_sharing_a_store_still_share_it_after_a_rollback() -> None:
    one, two = Notes(), Notes()
    two.shared = one.shared  # as two tables of one database
    uow = MemoryUnitOfWork(MemoryBus(), one=one, two=two)
    async with uow:
        one.shared["units"] = 1
    assert one.shared is two.shared and one.shared == {}


async def test_a_unit_of_work_is_not_opened_twice() -> None:
    uow = MemoryUnitOfWork(MemoryBus())
    async with uow:
        with pytest.raises(RuntimeError):
            await uow.__aenter__()


async def test_the_bus_delivers_once_per_subscriber_and_follows_chains() -> None:
    bus = MemoryBus()
    seen: dict[str, list[str]] = {"matching": [], "intake": [], "balancer": []}

    def recorder(name: str, then: Payload | None = None) -> Any:
        async def handle(uow: MemoryUnitOfWork, env: Envelope, p: Payload) -> None:
            seen[name].append(env.type)
            if then is not None:
                uow.publish(then)  # delivered in its turn, once committed

        return handle

    bus.subscribe("matching", {"OfferAccepted": recorder("matching", progress(10))},
                  lambda: MemoryUnitOfWork(bus))  # fmt: skip
    for name in ("intake", "balancer"):
        handlers = {"OfferAccepted": recorder(name), "JobProgressReported": recorder(name)}
        bus.subscribe(name, handlers, lambda: MemoryUnitOfWork(bus))
    source = MemoryUnitOfWork(bus)
    async with source:
        source.publish(accepted())
        await source.commit()

    assert await bus.deliver() == 5  # 1 to matching, 2 to intake, 2 to balancer
    assert await bus.deliver() == 0, "nothing is delivered twice"
    assert seen == {
        "matching": ["OfferAccepted"],
        "intake": ["OfferAccepted", "JobProgressReported"],
        "balancer": ["OfferAccepted", "JobProgressReported"],
    }
    assert [type(p) for p in bus.payloads()] == [m.OfferAccepted, m.JobProgressReported]


async def test_a_failing_handler_keeps_nothing_and_gets_the_event_again() -> None:
    bus = MemoryBus()
    calls: list[int] = []

    async def flaky(uow: MemoryUnitOfWork, env: Envelope, p: Payload) -> None:
        calls.append(1)
        uow.publish(progress(1))
        if len(calls) == 1:
            raise ConnectionError("first try fails")

    bus.subscribe("balancer", {"OfferAccepted": flaky}, lambda: MemoryUnitOfWork(bus))
    bus.accept([MemoryUnitOfWork(bus).publish(accepted())])
    with pytest.raises(ConnectionError):
        await bus.deliver()
    assert [e.type for e in bus.published] == ["OfferAccepted"]
    assert await bus.deliver() == 1, "redelivered, as the inbox would"
    assert [e.type for e in bus.published] == ["OfferAccepted", "JobProgressReported"]

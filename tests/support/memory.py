"""The in-memory seam: a unit of work and a bus that behave like the real ones.

Handlers only see ``async with uow``, ``uow.<repository>``, ``uow.publish(payload)``
and ``uow.commit()``. ``MemoryUnitOfWork`` gives them exactly that over in-memory
repositories, with the real rules that matter to a handler: nothing is kept or
published unless the block commits. ``MemoryBus`` carries committed events to
subscribers' handler maps (the same maps the Kafka consumers use) once per
subscriber and event, like the inbox, until nothing is left to deliver.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from sqlalchemy.ext.asyncio import AsyncSession

from shared.events import Envelope, Payload, new_envelope, registry

Handler = Callable[[Any, Envelope, Payload], Awaitable[None]]


class MemoryUnitOfWork:
    """``async with uow:`` snapshots the repositories; leaving without ``commit()``
    puts them back and forgets staged events, as a rolled-back transaction does.

    What is snapshotted are the uow's *stores*: the repositories themselves, unless a
    subclass keeps its state in one object its repositories share (``_stores``), as
    tables share a database. All stores are copied in one go, so objects they share
    stay shared, and put back in place, so whoever holds a store keeps seeing it.
    """

    def __init__(self, bus: MemoryBus, **repositories: object) -> None:
        self.bus = bus
        self._repositories = repositories
        for name, repo in repositories.items():
            setattr(self, name, repo)
        self._staged: list[Envelope] = []
        self._saved: dict[str, dict[str, Any]] | None = None
        self._on_commit: list[Callable[[], None]] = []

    @property
    def session(self) -> AsyncSession:
        raise RuntimeError("the in-memory unit of work has no database session")

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """``async with uow.savepoint():`` undoes only its own block when it raises, the
        events it staged included."""
        saved, staged = self._snapshot(), len(self._staged)
        try:
            yield
        except BaseException:
            self._put_back(saved)
            del self._staged[staged:]
            raise

    def publish(
        self,
        payload: Payload,
        *,
        correlation_id: uuid.UUID | None = None,
        causation_id: uuid.UUID | None = None,
    ) -> Envelope:
        envelope = new_envelope(
            payload,
            key=payload.event_key(),
            correlation_id=correlation_id,
            causation_id=causation_id,
        )
        self._staged.append(envelope)
        return envelope

    def after_commit(self, callback: Callable[[], None]) -> None:
        """As ``UnitOfWork.after_commit``: called once committed, never on rollback."""
        self._on_commit.append(callback)

    async def commit(self) -> None:
        if self._saved is None:
            raise RuntimeError("commit() outside 'async with'")
        self.bus.accept(self._staged)
        self._staged = []
        self._saved = self._snapshot()  # what is committed survives the block
        callbacks, self._on_commit = self._on_commit, []
        for callback in callbacks:
            callback()

    async def __aenter__(self) -> Self:
        if self._saved is not None:
            raise RuntimeError("this unit of work is already open (one transaction at a time)")
        self._staged = []
        self._saved = self._snapshot()
        self._on_commit = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._saved is not None
        self._put_back(self._saved)  # roll back what was not committed
        self._staged, self._saved, self._on_commit = [], None, []

    def _put_back(self, saved: dict[str, dict[str, Any]]) -> None:
        stores = self._stores()
        for name, state in saved.items():
            vars(stores[name]).update(state)  # the snapshot is ours alone: no second copy

    def _stores(self) -> Mapping[str, object]:
        return self._repositories

    def _snapshot(self) -> dict[str, dict[str, Any]]:
        return copy.deepcopy({name: vars(store) for name, store in self._stores().items()})


@dataclass
class _Subscriber:
    name: str
    handlers: Mapping[str, Handler]
    unit_of_work: Callable[[], Any]
    seen: set[uuid.UUID] = field(default_factory=set)  # the inbox


@dataclass
class MemoryBus:
    """Committed events in commit order, delivered to every subscriber once."""

    published: list[Envelope] = field(default_factory=list)
    _subscribers: list[_Subscriber] = field(default_factory=list)

    def accept(self, envelopes: list[Envelope]) -> None:
        self.published.extend(envelopes)

    def subscribe(
        self, name: str, handlers: Mapping[str, Handler], unit_of_work: Callable[[], Any]
    ) -> None:
        """``handlers`` by event type, each run in a fresh unit of work that then commits."""
        self._subscribers.append(_Subscriber(name, handlers, unit_of_work))

    async def deliver(self, max_rounds: int = 1000) -> int:
        """Hand every undelivered event to its subscribers until none is left; the count."""
        delivered = 0
        for _ in range(max_rounds):
            pending = [
                (sub, env)
                for env in list(self.published)
                for sub in self._subscribers
                if env.type in sub.handlers and env.event_id not in sub.seen
            ]
            if not pending:
                return delivered
            for sub, env in pending:
                await self._handle(sub, env)
                delivered += 1
        raise RuntimeError(f"events still flowing after {max_rounds} rounds")

    async def _handle(self, sub: _Subscriber, env: Envelope) -> None:
        payload = registry.decode(env)
        uow = sub.unit_of_work()
        async with uow:
            await sub.handlers[env.type](uow, env, payload)
            sub.seen.add(env.event_id)
            await uow.commit()

    def of_type(self, event_type: str) -> list[Payload]:
        return [registry.decode(e) for e in self.published if e.type == event_type]

    def payloads(self) -> list[Payload]:
        """Every committed event, decoded, in commit order."""
        return [registry.decode(e) for e in self.published]

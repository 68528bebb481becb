"""One transaction around a handler: domain changes and their events commit together."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import TracebackType

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db.snapshot import read_one_snapshot
from shared.events.envelope import Envelope, new_envelope
from shared.events.payload import Payload
from shared.kafka.topics import Topic
from shared.outbox import signal
from shared.outbox.writer import outbox_row, write_events


class UnitOfWork:
    """``async with uow:`` opens a session; ``commit()`` writes staged events first.

    Leaving the block without ``commit()`` rolls everything back, events included,
    so a failed handler publishes nothing.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], outbox: sa.Table) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._events: list[tuple[Topic, Envelope]] = []
        self._session: AsyncSession | None = None
        self._wrote = False  # outbox rows written in this transaction
        self._on_commit: list[Callable[[], None]] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside 'async with'")
        return self._session

    def publish(
        self,
        payload: Payload,
        *,
        correlation_id: uuid.UUID | None = None,
        causation_id: uuid.UUID | None = None,
    ) -> Envelope:
        """Stage ``payload`` on its contract's topic, keyed by its contract's key field.

        The only way a service publishes: it commits with the transaction or not at all.
        """
        envelope = new_envelope(
            payload,
            key=payload.event_key(),
            correlation_id=correlation_id,
            causation_id=causation_id,
        )
        self.stage(payload.event_topic, envelope)
        return envelope

    def stage(self, topic: Topic, envelope: Envelope) -> None:
        """Stage a ready envelope on ``topic``: the outbox's own tests use private topics."""
        self._events.append((topic, envelope))

    async def flush_events(self) -> None:
        """Write staged events now (inside the current savepoint, if any)."""
        if self._events:
            await write_events(self.session, self._outbox, self._events)
            self._wrote = True
        self._events.clear()

    def take_staged_rows(self) -> list[dict[str, object]]:
        """Staged events as outbox rows, for a repository that writes them in its own
        statement of this transaction (one round trip for a row and its events); commit
        then only tells the relay."""
        rows = [outbox_row(topic, envelope) for topic, envelope in self._events]
        self._events.clear()
        self._wrote = self._wrote or bool(rows)
        return rows

    async def read_one_snapshot(self) -> None:
        """This block only reads, in several statements that must agree: let them see one
        snapshot (``shared/db/snapshot.py``). Call first in the block."""
        await read_one_snapshot(self.session)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once this transaction has committed, never if it rolls back:
        news for a worker in this process that must find the rows when it looks (a
        worker woken before the commit may look too early and go back to sleep)."""
        self._on_commit.append(callback)

    def discard_staged(self) -> None:
        """Forget events staged since the last flush (their savepoint was rolled back)."""
        self._events.clear()

    async def commit(self) -> None:
        await self.flush_events()
        # Nothing ran through the session (a statement ran on its own, in autocommit):
        # no transaction to end, and no thread of SQLAlchemy's greenlet to start for it.
        if self.session.in_transaction():
            await self.session.commit()
        if self._wrote:
            self._wrote = False
            signal.rows_committed()  # the relay in this process sends them now
        callbacks, self._on_commit = self._on_commit, []
        for callback in callbacks:
            callback()

    async def __aenter__(self) -> UnitOfWork:
        self._session = self._sessions()
        self._events = []
        self._wrote = False
        self._on_commit = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        self._events.clear()
        self._on_commit.clear()
        # Never begun (a statement ran on its own) or committed: no transaction to undo and
        # no connection held, so nothing to close (each call is a greenlet hand-off).
        if session.in_transaction():
            await session.rollback()
            await session.close()

"""One loop per sink: send the notification at the head of the sink's queue, and only
then take it off. A failing sink (webhook down, disk full) is retried with a growing
pause; its queue waits, the other sinks go on, and nothing is lost.

A crash between a successful send and taking it off the queue sends that one again
after the restart: each carries ``event_id`` so a receiver can drop the repeat.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from services.portal.live.sinks import BatchNotifier, Notifier
from services.portal.live.store import LiveStore

log = structlog.get_logger()

BATCH = 100  # notifications read from a sink's queue at a time


class Dispatcher:
    def __init__(
        self, store: LiveStore, sink: Notifier, *, idle_s: float = 0.2, max_backoff_s: float = 60
    ) -> None:
        self.store, self.sink = store, sink
        self.idle_s, self.max_backoff_s = idle_s, max_backoff_s
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        backoff = 0.5
        while not self._stopping.is_set():
            try:
                sent = await self.send_batch()
                backoff = 0.5
                pause = 0.0 if sent else self.idle_s
            except Exception as exc:  # the sink or Redis failed: keep it, try again later
                log.warning("notification not sent", sink=self.sink.name, error=repr(exc),
                            retry_in=backoff)  # fmt: skip
                pause, backoff = backoff, min(backoff * 2, self.max_backoff_s)
            if pause:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), pause)

    async def send_one(self) -> bool:
        """Send the head of the queue; False when the queue is empty. Raises (keeping the
        notification queued) when the sink fails."""
        return await self.send_batch(1) > 0

    async def send_batch(self, limit: int = BATCH) -> int:
        """Send up to ``limit`` notifications from the head of the queue, in order; how
        many went. The batch costs three Redis round trips (read, contacts, take off)
        however long it is: one note at a time cost three each, the portal's largest
        cost in ``procnet simulate``. A sink that fails keeps its note and those after it
        queued; the ones it sent before are taken off, then the failure is raised."""
        notes = await self.store.next_batch(self.sink.name, limit)
        if not notes:
            return 0
        # The contacts as they are now (not when the events came), so a changed one is used.
        contacts = await self.store.contacts_of(sorted({str(n["org_id"]) for n in notes}))
        ready = [{**n, "contact": contacts.get(str(n["org_id"]), "")} for n in notes]
        sent = 0
        try:
            if isinstance(self.sink, BatchNotifier):
                await self.sink.send_many(ready)
                sent = len(ready)
            else:
                for note in ready:
                    await self.sink.send(note)
                    sent += 1
        finally:
            if sent:
                await self.store.sent(self.sink.name, sent)
        return sent

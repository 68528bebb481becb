"""Background workers (outbox relay, consumers) that live and die with the service process."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import structlog

log = structlog.get_logger()


@dataclass
class Worker:
    name: str
    run: Callable[[], Coroutine[Any, Any, None]]
    stop: Callable[[], None]
    # What keeps a running worker from its work (e.g. a consumer still retrying its start);
    # None when it works.
    problem: Callable[[], str | None] = lambda: None


@dataclass
class Workers:
    workers: list[Worker] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def add(self, worker: Worker) -> None:
        self.workers.append(worker)

    def start(self) -> None:
        for w in self.workers:
            task = asyncio.create_task(w.run(), name=w.name)
            task.add_done_callback(_report_exit)
            self._tasks.append(task)

    async def stop(self, timeout: float = 15.0) -> None:
        for w in self.workers:
            w.stop()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=timeout)
            for task in pending:
                task.cancel()
        self._tasks.clear()

    def alive(self) -> dict[str, bool]:
        return {t.get_name(): not t.done() for t in self._tasks}

    def states(self) -> dict[str, str]:
        """Each started worker: "running"; what keeps it from working while it runs
        ("not started: ..."); or how it ended ("crashed: ..." or "stopped")."""
        states = {t.get_name(): task_state(t) for t in self._tasks}
        for w in self.workers:
            if states.get(w.name) == "running" and (problem := w.problem()):
                states[w.name] = problem[:300]
        return states


def task_state(task: asyncio.Task[None]) -> str:
    """ "running", or how the task ended ("stopped", or "crashed: ...")."""
    if not task.done():
        return "running"
    if task.cancelled() or task.exception() is None:
        return "stopped"
    return f"crashed: {task.exception()!r}"[:300]


def _report_exit(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("worker crashed", worker=task.get_name(), error=repr(task.exception()))


async def pause(stop: asyncio.Event, seconds: float) -> None:
    """Sleep up to ``seconds``, waking at once when ``stop`` is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


class Periodic:
    """Runs ``tick`` every ``interval`` seconds; a failed round is logged and tried again."""

    def __init__(self, name: str, interval: float, tick: Callable[[], Awaitable[object]]) -> None:
        self.name, self.interval, self.tick = name, interval, tick
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.tick()
            except Exception as exc:
                log.warning("periodic round failed", worker=self.name, error=repr(exc))
            await pause(self._stopping, self.interval)

    def stop(self) -> None:
        self._stopping.set()

    def worker(self) -> Worker:
        return Worker(self.name, self.run, self.stop)

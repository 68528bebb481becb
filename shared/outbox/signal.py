"""In-process news that outbox rows were committed, so a relay in the same process
sends them at once instead of at its next idle poll (which still covers rows
written by other processes)."""

from __future__ import annotations

from collections.abc import Callable

_listeners: set[Callable[[], None]] = set()


def listen(callback: Callable[[], None]) -> None:
    _listeners.add(callback)


def stop_listening(callback: Callable[[], None]) -> None:
    _listeners.discard(callback)


def rows_committed() -> None:
    for callback in list(_listeners):
        callback()

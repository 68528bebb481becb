"""A matcher round solves in a worker thread: while the freight-budget search runs, the
service's event loop keeps answering (accepts, declines and reports waited 2-4 s for a
round under load when it solved on the loop). Fails on the old code: the ticks below
all came after the solve."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from services.matching import matcher
from tests.support.order_journey import CATEGORY
from tests.unit.journey.memory_world import TTL, MemoryWorld

from .test_matcher_guards import offered, stored


async def test_the_loop_answers_while_a_round_solves(monkeypatch: pytest.MonkeyPatch) -> None:
    world = MemoryWorld()
    await world.provider(CATEGORY, 100)
    order = stored(world)
    real, solving, solved = matcher.place_batch_within_budget, threading.Event(), threading.Event()

    def slow(*args, **kwargs):  # a CPU-bound solve that holds its thread 0.5 s
        solving.set()
        try:
            time.sleep(0.5)
            return real(*args, **kwargs)
        finally:
            solved.set()

    monkeypatch.setattr(matcher, "place_batch_within_budget", slow)
    during: list[bool] = []

    async def ticks() -> None:
        await asyncio.to_thread(solving.wait, 5)
        for _ in range(10):
            during.append(not solved.is_set())
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(ticks())
    await matcher.match_pending(lambda: world.matching, 50, TTL)
    await ticker
    assert sum(during) >= 5, during  # the loop ran while the solve did
    assert offered(world, order) == 100

"""The balancer paused (SIGSTOP) mid-saga past its session timeout, then resumed."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.chaos import sagas, stack
from tests.chaos.procs import metric
from tests.chaos.saga_check import Stage, rest_is_sound, through_fault, what_must_hold
from tests.chaos.seasonal import Story
from tests.support.waiting import eventually

# What the broker logs when a member's heartbeats stop for longer than the session timeout.
EVICTED = re.compile(r"removing member balancer-\S+ on heartbeat expiration")
pytestmark = pytest.mark.timeout(300)


async def test_balancer_paused_past_its_session_timeout(
    stage: Stage, seasonal_story: Story, record: Callable[..., None]
) -> None:
    """SIGSTOP of the balancer mid-saga until the broker evicts it from its group, then SIGCONT.

    Breaks: the same story with a new cast; the balancer freezes a third of the way
    through, an answer hanging, past its 10 s session timeout, until the broker drops it
    from the consumer group (it must rejoin before it reads another JobSplit).
    Does: resumes it; lenders answer what is proposed until nothing is open or unread.
    Holds: as when killed: every saga ends completed or compensated, no loan-day lent
    twice, each transfer split or refused once, each step told once, units kept, nothing
    dead-lettered, nothing left to plan, nothing moved that the workshop can make.
    """
    story, balancer, at_stop = seasonal_story, stage.balancer, dict[str, int]()
    dup0 = metric(balancer, "procnet_events_consumed_total", outcome="duplicate")

    async def pause() -> dict[str, Any]:
        log_mark, t_stop = stack.broker_log_size(), time.monotonic()
        balancer.signal(signal.SIGSTOP)
        at_stop.update(await sagas.saga_states(stage.db, story.orders))
        await eventually(
            lambda: _evicted(log_mark), timeout=60, every=0.2, what="eviction from the group"
        )
        balancer.signal(signal.SIGCONT)
        return {"at_stop": sagas.brief(at_stop), "paused_s": round(time.monotonic() - t_stop, 1)}

    mark = await sagas.marks(stage.bootstrap)
    numbers = await through_fault(stage, story, pause)
    dup = metric(balancer, "procnet_events_consumed_total", outcome="duplicate") - dup0
    record(**numbers, redelivered=dup)
    assert sagas.answered(at_stop) and sagas.open_sagas(at_stop), "the pause missed the sagas"
    record(**await what_must_hold(stage, story, mark))
    await rest_is_sound(stage, story)


async def _evicted(log_mark: int) -> bool:
    return bool(EVICTED.search(stack.broker_log_since(log_mark)))

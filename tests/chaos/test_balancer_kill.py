"""The balancer SIGKILLed while its transfer sagas are under way, then restarted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.chaos import sagas
from tests.chaos.procs import metric
from tests.chaos.saga_check import Stage, rest_is_sound, through_fault, what_must_hold
from tests.chaos.seasonal import Story

pytestmark = pytest.mark.timeout(300)


async def test_balancer_killed_mid_saga(
    stage: Stage, seasonal_story: Story, record: Callable[..., None]
) -> None:
    """SIGKILL of the balancer while lenders answer its transfers and matching splits jobs.

    Breaks: tea picking halves a full workshop's village and the balancer proposes a
    transfer per late job; the workshop pushes on with some (matching must refuse those
    splits), one lender declines all it is asked. SIGKILL once a third are answered:
    answers, outbox rows, splits and JobSplit facts are in flight.
    Does: restarts it; lenders answer what is proposed until nothing is open or unread.
    Holds: every saga ends completed or compensated; no loan-day lent beyond its units,
    none held by a compensated transfer; matching split each completed transfer once and
    refused each failed one once; each saga step told once; every order keeps its units
    in both services; nothing dead-lettered; a fresh run at rest proposes nothing; the
    workshop keeps what it can make on time.
    """
    story, balancer, at_kill = seasonal_story, stage.balancer, dict[str, int]()

    async def kill() -> dict[str, Any]:
        balancer.kill()
        at_kill.update(await sagas.saga_states(stage.db, story.orders))
        return {"at_kill": sagas.brief(at_kill), "restart_s": round(balancer.start(), 1)}

    mark = await sagas.marks(stage.bootstrap)
    numbers = await through_fault(stage, story, kill)
    record(
        **numbers,
        redelivered=metric(balancer, "procnet_events_consumed_total", outcome="duplicate"),
    )
    assert sagas.answered(at_kill) and sagas.open_sagas(at_kill), "the kill missed the sagas"
    record(**await what_must_hold(stage, story, mark))
    await rest_is_sound(stage, story)

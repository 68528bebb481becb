"""The balancer's checks: the seasonal story driven through a fault, then what must hold."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.identity import Role
from shared.kafka.topics import PLACEMENTS, PROVIDERS, TRANSFERS
from tests.chaos.flows import ledger_mismatches, rows
from tests.chaos.kafka import Offsets, read_since
from tests.chaos.procs import Service
from tests.chaos.sagas import (
    ANSWERED,
    BALANCER_UNITS,
    MATCHING_UNITS,
    TOLD,
    answered,
    backlog,
    expected,
    loan_mismatches,
    matching_splits,
    saga_states,
    settled,
    told,
    transfer_count,
    transfers,
    units_per_order,
)
from tests.chaos.seasonal import (
    CAN_MAKE,
    QTY,
    Story,
    answer_proposals,
    day,
    push_on,
    tea_picking,
)
from tests.support.tokens import bearer
from tests.support.waiting import eventually


@dataclass
class Stage:
    """What the checks act through: the balancer process, both APIs, PostgreSQL and Kafka."""

    balancer: Service
    http: httpx.AsyncClient  # the balancer's API
    matching: httpx.AsyncClient
    db: AsyncEngine
    bootstrap: str


async def through_fault(
    stage: Stage, story: Story, fault: Callable[[], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    """Tea picking; the workshop pushes on; lenders answer; ``fault`` strikes a third in.

    ``fault`` returns once the balancer serves again, with its own numbers; then the
    lenders answer whatever is (still or newly) proposed until the story is at rest.
    """
    balancer, db = stage.http, stage.db
    t0 = time.monotonic()
    await tea_picking(balancer, story)
    states = await eventually(
        lambda: saga_states(db, story.orders), lambda s: s.get("proposed", 0) > 0, timeout=60,
        what="proposals",
    )  # fmt: skip
    first, plan_s = states["proposed"], time.monotonic() - t0
    pushed = await push_on(stage.matching, db, story)
    answering = asyncio.create_task(answer_proposals(balancer, db, story))
    await eventually(
        lambda: saga_states(db, story.orders), lambda s: answered(s) >= first // 3,
        timeout=60, every=0.005, what="a third of the proposals answered",
    )  # fmt: skip
    numbers = {"proposed_first": first, "pushed_on": pushed, "plan_s": round(plan_s, 1)}
    numbers.update(await fault())
    with contextlib.suppress(httpx.TransportError):
        await answering  # an answer in flight when the process died is lost or not
    t_back = time.monotonic()
    final = await eventually(
        lambda: _answer_then_look(stage, story), settled, timeout=120,
        every=0.2, what="every saga at rest",
    )  # fmt: skip
    numbers["recovery_s"] = round(time.monotonic() - t_back, 1)
    numbers["season_to_rest_s"] = round(time.monotonic() - t0, 1)
    numbers["transfers"] = transfer_count(final)
    return numbers


async def rest_is_sound(stage: Stage, story: Story) -> None:
    """At rest the plan is done, and was never done twice.

    A fresh run proposes nothing (no fact's re-plan was lost on the way): a stranger's
    opt-in asks for it, and as the balancer knows no such provider it changes no plan.
    The workshop keeps at least what it can make on time: a unit moved twice (planned
    again while its first move landed) would leave it less.
    """
    db = stage.db
    at_rest = await saga_states(db, story.orders)
    body = {"category": "knitting", "start": str(day(0)), "end": str(day(1))}
    stranger = bearer(uuid.uuid4(), Role.PROVIDER)
    r = await stage.http.post("/v1/receivers", json=body, headers=stranger)
    assert r.status_code == 201, r.text
    after = await eventually(
        lambda: saga_states(db, story.orders), lambda s: s["requests"] == 0, timeout=30,
        what="the fresh run",
    )  # fmt: skip
    assert after == at_rest, "a fresh run found work the story had left unplanned"
    sql = "SELECT sum(units) FROM matching.jobs WHERE provider_id = :p AND status <> 'cancelled'"
    ((kept,),) = await rows(db, sql, p=story.busy)
    assert kept >= CAN_MAKE, f"the workshop kept {kept} units, it can make {CAN_MAKE} on time"


async def _answer_then_look(stage: Stage, story: Story) -> dict[str, int]:
    await answer_proposals(stage.http, stage.db, story)
    states = await saga_states(stage.db, story.orders)
    return {**states, "backlog": await backlog(stage.db, stage.bootstrap)}


async def what_must_hold(stage: Stage, story: Story, mark: dict[str, Offsets]) -> dict[str, int]:
    """Asserts the sagas' end state in both services and on Kafka; returns their outcomes."""
    db, bootstrap = stage.db, stage.bootstrap
    found = await transfers(db, story.orders)
    assert {x.state for x in found.values()} <= {"completed", "compensated"}, found
    done = {t: x.new_job_id for t, x in found.items() if x.state == "completed"}
    assert done, "no transfer completed: the story moved nothing"
    assert await loan_mismatches(db, story.lenders, story.orders) == []
    assert await matching_splits(db, list(found)) == done
    for sql in (MATCHING_UNITS, BALANCER_UNITS):
        units = await units_per_order(db, sql, story.orders)
        assert units == dict.fromkeys(map(str, story.orders), QTY), sql
    assert await ledger_mismatches(db, story.providers) == []
    ids = set(found)
    saga_events = await told(bootstrap, TRANSFERS.name, mark[TRANSFERS.name], ids)
    assert saga_events == expected(found, TOLD), "a saga step told twice, or never"
    answers = await told(bootstrap, PLACEMENTS.name, mark[PLACEMENTS.name], ids)
    assert answers == expected(found, ANSWERED), "a transfer split twice, or never answered"
    for dlq in (PLACEMENTS.dlq.name, PROVIDERS.dlq.name):
        assert await read_since(bootstrap, dlq, mark[dlq]) == []
    return dict(Counter(x.outcome or x.state for x in found.values()))

"""What the balancer's transfer sagas left behind, read back from PostgreSQL and Kafka."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.topics import PLACEMENTS, PROVIDERS, TRANSFERS
from tests.chaos.flows import rows
from tests.chaos.kafka import Offsets, end_offsets, events, lag, read_since

WATCHED = (TRANSFERS.name, PLACEMENTS.name, PLACEMENTS.dlq.name, PROVIDERS.dlq.name)

# A loan-day lent beyond its units, a completed transfer not holding exactly its units,
# or a compensated one still holding any: each would be capacity lent twice.
LOAN_MISMATCHES = """
SELECT 'overlent' AS what, r.loan_id::text AS id, sum(r.units) AS units
FROM balancer.loan_reservations r JOIN balancer.loans l ON l.id = r.loan_id
WHERE l.provider_id = ANY(:lenders)
GROUP BY r.loan_id, r.day, l.units_per_day HAVING sum(r.units) > l.units_per_day
UNION ALL
SELECT t.state, t.id::text, coalesce(sum(r.units), 0)
FROM balancer.transfers t LEFT JOIN balancer.loan_reservations r ON r.transfer_id = t.id
WHERE t.order_id = ANY(:orders) AND t.state IN ('completed', 'compensated')
GROUP BY t.id, t.state, t.units
HAVING coalesce(sum(r.units), 0) <> CASE t.state WHEN 'completed' THEN t.units ELSE 0 END
"""
# Units per order over live jobs: matching's jobs, and the balancer's mirror of them
# (a job split away entirely keeps one unit there, closed as split_away).
MATCHING_UNITS = (
    "SELECT order_id, sum(units) FROM matching.jobs"
    " WHERE order_id = ANY(:orders) AND status <> 'cancelled' GROUP BY 1"
)
BALANCER_UNITS = (
    "SELECT order_id, sum(units) FROM balancer.jobs"
    " WHERE order_id = ANY(:orders) AND closed IS DISTINCT FROM 'split_away' GROUP BY 1"
)


async def saga_states(db: AsyncEngine, orders: list[uuid.UUID]) -> dict[str, int]:
    """Transfers of the orders per state, and rebalance requests the planner still owes."""
    sql = "SELECT state, count(*) FROM balancer.transfers WHERE order_id = ANY(:o) GROUP BY 1"
    states = {s: int(n) for s, n in await rows(db, sql, o=orders)}
    (requests,) = await rows(db, "SELECT count(*) FROM balancer.rebalance_requests")
    return {**states, "requests": int(requests[0])}


def open_sagas(states: dict[str, int]) -> int:
    return sum(states.get(s, 0) for s in ("proposed", "accepted", "split_requested"))


async def backlog(db: AsyncEngine, bootstrap: str) -> int:
    """Facts not yet told or not yet read between matching and the balancer.

    An unread fact (a progress report, a split) may still ask for a re-plan.
    """
    unsent = await rows(
        db,
        "SELECT (SELECT count(*) FROM matching.outbox WHERE sent_at IS NULL)"
        " + (SELECT count(*) FROM balancer.outbox WHERE sent_at IS NULL)",
    )
    unread = [
        await lag(bootstrap, "balancer", PLACEMENTS.name),
        await lag(bootstrap, "balancer", PROVIDERS.name),
        await lag(bootstrap, "matching", TRANSFERS.name),
    ]
    return int(unsent[0][0]) + sum(unread)


NOT_STATES = ("requests", "backlog")


def answered(states: dict[str, int]) -> int:
    """Transfers past their proposal (a count that only grows: none goes back)."""
    return sum(n for s, n in states.items() if s not in ("proposed", *NOT_STATES))


def transfer_count(states: dict[str, int]) -> int:
    return sum(n for s, n in states.items() if s not in NOT_STATES)


def brief(states: dict[str, int]) -> str:
    return ", ".join(f"{n} {s}" for s, n in sorted(states.items()) if s not in NOT_STATES)


def settled(states: dict[str, int]) -> bool:
    """Nothing in flight, unread or left to plan: the story has come to rest."""
    return open_sagas(states) == 0 and states["requests"] == 0 and states["backlog"] == 0


async def loan_mismatches(
    db: AsyncEngine, lenders: list[uuid.UUID], orders: list[uuid.UUID]
) -> list[Any]:
    return [tuple(r) for r in await rows(db, LOAN_MISMATCHES, lenders=lenders, orders=orders)]


async def units_per_order(db: AsyncEngine, sql: str, orders: list[uuid.UUID]) -> dict[str, int]:
    return {str(o): int(n) for o, n in await rows(db, sql, orders=orders)}


# What each way of ending tells: on the balancer's topic, and matching's answer.
TOLD: dict[str, tuple[str, ...]] = {
    "completed": ("TransferProposed", "TransferAccepted", "TransferCompleted"),
    "failed": ("TransferProposed", "TransferAccepted", "TransferFailed"),
    "declined": ("TransferProposed", "TransferDeclined"),
    "expired": ("TransferProposed", "TransferExpired"),
}
ANSWERED: dict[str, tuple[str, ...]] = {"completed": ("JobSplit",), "failed": ("JobSplitRefused",)}


@dataclass(frozen=True)
class Saga:
    state: str
    outcome: str | None
    new_job_id: str | None


async def transfers(db: AsyncEngine, orders: list[uuid.UUID]) -> dict[str, Saga]:
    """Every transfer of the orders, by id."""
    sql = (
        "SELECT id, state, outcome, new_job_id::text FROM balancer.transfers"
        " WHERE order_id = ANY(:orders)"
    )
    return {str(r[0]): Saga(*r[1:]) for r in await rows(db, sql, orders=orders)}


async def matching_splits(db: AsyncEngine, ids: list[str]) -> dict[str, str]:
    """Transfers matching split (one answer row per transfer), with the job each made."""
    sql = (
        "SELECT transfer_id, new_job_id FROM matching.transfers"
        " WHERE transfer_id = ANY(:ids) AND outcome = 'split'"
    )
    return {str(t): str(j) for t, j in await rows(db, sql, ids=[uuid.UUID(i) for i in ids])}


async def told(bootstrap: str, topic: str, mark: Offsets, ids: set[str]) -> dict[str, Counter]:
    """Per transfer, the event types about it on the topic since ``mark``, with repeats."""
    out: dict[str, Counter[str]] = {}
    for e in events(await read_since(bootstrap, topic, mark)):
        transfer_id = e["payload"].get("transfer_id")
        if transfer_id in ids:
            out.setdefault(transfer_id, Counter())[e["type"]] += 1
    return out


def expected(found: dict[str, Saga], script: dict[str, tuple[str, ...]]) -> dict[str, Counter]:
    return {t: Counter(script[x.outcome]) for t, x in found.items() if x.outcome in script}


async def marks(bootstrap: str) -> dict[str, Offsets]:
    """Where the watched topics end now, so later reads see only what the check caused."""
    return {t: await end_offsets(bootstrap, t) for t in WATCHED}

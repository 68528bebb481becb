"""A new order in one statement: the order, its history, its audit records, its outbox rows
and (when the request had one) its Idempotency-Key, all or nothing.

Why one statement (issue 18, row 1): written through the session as separate INSERTs a
submission cost six round trips (BEGIN, order, history, audit, outbox, COMMIT). One
PostgreSQL statement is atomic by itself, so when the unit of work has not opened a
transaction yet (the usual case: references are cached, no key to look up) it runs on
its own, without BEGIN and COMMIT; when it has (an earlier read), it runs inside that
transaction and commits with it. Either way every row of the submission, or none, is
written. The key is claimed first: if a twin request already holds it nothing else is
inserted (each INSERT selects from the one before), and ``write`` answers False.

Plain SQL, sent with ``exec_driver_sql``: Core would build the same CTEs, but through
``insert().from_select`` on five tables it reads worse than the SQL it makes. And on
this path SQLAlchemy's statement layer costs more than it gives: CPU per order written
(bench stack, load average ~20, median of 3 rotated rounds of 300 writes, 2026-12-01):
the old six round trips through the session 4.28 ms; this statement as ``text()``
1.75 ms; through ``exec_driver_sql`` 1.43 ms; on the session's asyncpg connection
directly 1.19 ms; on a bare asyncpg pool 0.89 ms (opening, committing and closing the
session alone: 0.35 ms). ``exec_driver_sql`` keeps what the session is for (the pool,
the transaction, and database errors as SQLAlchemy's, which the API turns into 503 or
422) and skips the compiled-statement machinery.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.intake.domain.order import Order
from shared.audit.records import AuditRecord


class KeyClaim(NamedTuple):
    """An Idempotency-Key and the hash of the request that came with it."""

    key: str
    request_hash: str


_ORDER_COLUMNS = (
    "id, office_id, client_id, category, description, quantity, unit_fee_fen, "
    "materials_ready, deadline, origin_market, splittable, min_lot, quality_requirements, "
    "defect_tolerance_pct, materials, status, version, sequence, created_at"
)
_ORDER_VALUES = (
    ":id, :office_id, :client_id, :category, :description, :quantity, :unit_fee_fen, "
    ":materials_ready, :deadline, :origin_market, :splittable, :min_lot, "
    ":quality_requirements, :defect_tolerance_pct, CAST(:materials AS jsonb), :status, 1, "
    ":sequence, :created_at"
)
_CLAIM = """claim AS (
    INSERT INTO idempotency_keys (office_id, key, request_hash, order_id)
    VALUES (:office_id, :key, :request_hash, :id)
    ON CONFLICT DO NOTHING RETURNING order_id
)"""
_NO_CLAIM = "claim AS (SELECT CAST(:id AS uuid) AS order_id)"
_REST = f"""new_order AS (
    INSERT INTO orders ({_ORDER_COLUMNS})
    SELECT {_ORDER_VALUES} FROM claim
    RETURNING id
), history AS (
    INSERT INTO order_history
        (order_id, at, from_status, to_status, reason, cause_event_id, cause_type)
    SELECT new_order.id, h.* FROM new_order, unnest(
        CAST(:h_at AS timestamptz[]), CAST(:h_from AS text[]), CAST(:h_to AS text[]),
        CAST(:h_reason AS text[]), CAST(:h_cause_id AS uuid[]), CAST(:h_cause_type AS text[])
    ) AS h
), audit AS (
    INSERT INTO audit_records
        (id, at, actor_id, actor_role, owner_id, action, object_type, object_id)
    SELECT a.* FROM new_order, unnest(
        CAST(:a_id AS uuid[]), CAST(:a_at AS timestamptz[]), CAST(:a_actor AS uuid[]),
        CAST(:a_role AS text[]), CAST(:a_owner AS uuid[]), CAST(:a_action AS text[]),
        CAST(:a_type AS text[]), CAST(:a_object AS uuid[])
    ) AS a
), outbox AS (
    INSERT INTO outbox (event_id, topic, key, shard, type, value, headers)
    SELECT e.* FROM new_order, unnest(
        CAST(:e_id AS uuid[]), CAST(:e_topic AS text[]), CAST(:e_key AS text[]),
        CAST(:e_shard AS smallint[]), CAST(:e_type AS text[]), CAST(:e_value AS bytea[]),
        CAST(:e_headers AS jsonb[])
    ) AS e
)
SELECT count(*) FROM new_order"""


def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with each ``:name`` as ``$n`` (asyncpg's own style), and the names in order."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    return re.sub(r"(?<![:\w]):(\w+)", number, sql), tuple(names)


WITH_KEY = _numbered(f"WITH {_CLAIM}, {_REST}")
WITHOUT_KEY = _numbered(f"WITH {_NO_CLAIM}, {_REST}")


async def write_new_order(
    session: AsyncSession,
    order: Order,
    audit: list[AuditRecord],
    outbox: list[dict[str, Any]],
    claim: KeyClaim | None,
) -> bool:
    """True when written; False (nothing written) when ``claim``'s key is another order's."""
    params = {
        **_order(order),
        **_history(order),
        **_audit(audit),
        **_outbox(outbox),
        **(claim._asdict() if claim else {}),
    }
    sql, names = WITH_KEY if claim else WITHOUT_KEY
    args = tuple(params[n] for n in names)
    if session.in_transaction():  # an earlier read opened one: commit with it
        connection = await session.connection()
        written = (await connection.exec_driver_sql(sql, args)).scalar_one()
    else:
        written = await _on_its_own(session, sql, args)
    if written:
        order.version = 1
        order.new_history.clear()
    return bool(written)


async def _on_its_own(session: AsyncSession, sql: str, args: tuple[Any, ...]) -> int:
    """No transaction open yet: the statement runs alone (autocommit), sparing BEGIN and
    COMMIT, on a connection of the session's pool taken without the session, which then
    never begins (its commit and close have nothing to do). Issue 18: the session's
    begin, connection and commit cost ~9 % of intake's CPU per order (py-spy, bench
    load); the connection is still SQLAlchemy's, so an outage is still its
    ``DBAPIError`` (503), a bad value still 422."""
    engine = session.bind
    assert isinstance(engine, AsyncEngine), "intake's sessions are bound to its engine"
    async with _autocommit(engine).connect() as connection:
        return int((await connection.exec_driver_sql(sql, args)).scalar_one())


_AUTOCOMMIT: dict[AsyncEngine, AsyncEngine] = {}


def _autocommit(engine: AsyncEngine) -> AsyncEngine:
    """The engine's autocommit view, sharing its pool (made once per engine)."""
    found = _AUTOCOMMIT.get(engine)
    if found is None:
        found = _AUTOCOMMIT[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return found


def _order(order: Order) -> dict[str, Any]:
    t = order.terms
    return {
        "id": order.id,
        "office_id": order.office_id,
        "client_id": t.client_id,
        "category": t.category,
        "description": t.description,
        "quantity": t.quantity,
        "unit_fee_fen": t.unit_fee_fen,
        "materials_ready": t.materials_ready,
        "deadline": t.deadline,
        "origin_market": t.origin_market,
        "splittable": t.splittable,
        "min_lot": t.min_lot,
        "quality_requirements": t.quality_requirements,
        "defect_tolerance_pct": t.defect_tolerance_pct,
        "materials": orjson.dumps([m.model_dump(mode="json") for m in t.materials]).decode(),
        "status": order.status.value,
        "sequence": order.sequence,
        "created_at": order.created_at,
    }


def _history(order: Order) -> dict[str, list[Any]]:
    h = order.new_history
    return {
        "h_at": [e.at for e in h],
        "h_from": [e.from_status.value if e.from_status else None for e in h],
        "h_to": [e.to_status.value for e in h],
        "h_reason": [e.reason for e in h],
        "h_cause_id": [e.cause_event_id for e in h],
        "h_cause_type": [e.cause_type for e in h],
    }


def _audit(records: list[AuditRecord]) -> dict[str, list[Any]]:
    return {
        "a_id": [r.id for r in records],
        "a_at": [r.at for r in records],
        "a_actor": [r.actor_id for r in records],
        "a_role": [r.actor_role.value for r in records],
        "a_owner": [r.owner_id for r in records],
        "a_action": [r.action for r in records],
        "a_type": [r.object_type for r in records],
        "a_object": [r.object_id for r in records],
    }


def _outbox(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {
        "e_id": [r["event_id"] for r in rows],
        "e_topic": [r["topic"] for r in rows],
        "e_key": [r["key"] for r in rows],
        "e_shard": [r["shard"] for r in rows],
        "e_type": [r["type"] for r in rows],
        "e_value": [r["value"] for r in rows],
        "e_headers": [orjson.dumps(r["headers"]).decode() for r in rows],
    }

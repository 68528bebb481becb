"""A new order is written in one statement (issue 18): the order, its history, its audit
record and its outbox row all together or none of them, claimed Idempotency-Keys kept,
and, inside an open transaction, undone by its rollback."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.intake.adapters.new_order import KeyClaim, write_new_order
from services.intake.domain.order import Order, OrderTerms
from shared.audit.records import audit_record
from shared.db.engine import make_engine
from shared.events import new_envelope
from shared.identity import Principal, Role
from shared.outbox.writer import outbox_row
from shared.region import clock
from tests.integration.intake.conftest import Office, order_body
from tests.support.services import RunningService
from tests.support.stack import admin_url

pytestmark = pytest.mark.integration


@pytest.fixture
async def intake_db(intake: RunningService) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(admin_url(), schema="intake", pool_size=2)
    yield engine
    await engine.dispose()


async def rows_of(engine: AsyncEngine, order_id: uuid.UUID) -> dict[str, int]:
    """How many rows of each kind the order has."""
    queries = {
        "orders": "SELECT count(*) FROM orders WHERE id = :id",
        "history": "SELECT count(*) FROM order_history WHERE order_id = :id",
        "audit": "SELECT count(*) FROM audit_records WHERE object_id = :id",
        "outbox": "SELECT count(*) FROM outbox WHERE key = :key",
    }
    params = {"id": order_id, "key": str(order_id)}
    async with engine.connect() as conn:
        return {
            k: (await conn.execute(sa.text(q), params)).scalar_one() for k, q in queries.items()
        }


def new_order(office: Office) -> tuple[Order, list[dict[str, object]], Principal]:
    who = Principal(office.id, Role.OFFICE)
    ready = clock.today() + timedelta(days=10)
    terms = OrderTerms(
        client_id=office.client_id,
        category="bead_work",
        description="Beaded hair clips",
        quantity=1200,
        unit_fee_fen=35,
        materials_ready=ready,
        deadline=ready + timedelta(days=10),
        origin_market="yiwu",
        splittable=True,
        min_lot=200,
    )
    order = Order.submit(uuid.uuid4(), office.id, terms)
    outbox = [outbox_row(e.event_topic, new_envelope(e, key=e.event_key())) for e in order.events]
    return order, outbox, who


async def test_a_posted_order_has_its_history_audit_and_outbox_rows(
    http: httpx.AsyncClient, office: Office, intake_db: AsyncEngine
) -> None:
    r = await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    assert r.status_code == 201, r.text
    assert r.json()["history"][0]["to_status"] == "SUBMITTED"  # answered without a read-back
    counts = await rows_of(intake_db, uuid.UUID(r.json()["id"]))
    assert counts == {"orders": 1, "history": 1, "audit": 1, "outbox": 1}


async def test_a_failing_part_writes_nothing_of_the_order(
    http: httpx.AsyncClient, office: Office, intake_db: AsyncEngine
) -> None:
    """The outbox row reuses an event id already in the outbox: the statement fails, and
    neither the order nor its history nor its audit record is left behind."""
    first = await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    async with intake_db.connect() as conn:
        taken = (
            await conn.execute(
                sa.text("SELECT event_id FROM outbox WHERE key = :k"), {"k": first.json()["id"]}
            )
        ).scalar_one()
    order, outbox, who = new_order(office)
    outbox[0]["event_id"] = taken
    record = audit_record(who, office.id, "order.submit", "order", order.id, clock.now())
    async with AsyncSession(intake_db) as session:
        with pytest.raises(IntegrityError):
            await write_new_order(session, order, [record], outbox, None)
    assert await rows_of(intake_db, order.id) == {
        "orders": 0,
        "history": 0,
        "audit": 0,
        "outbox": 0,
    }


async def test_a_key_held_by_another_order_writes_nothing(
    office: Office, intake_db: AsyncEngine
) -> None:
    sessions = async_sessionmaker(intake_db)
    claim = KeyClaim(f"k-{uuid.uuid4()}", "hash")
    first, outbox, _ = new_order(office)
    async with sessions() as session:
        assert await write_new_order(session, first, [], outbox, claim)
    twin, outbox, _ = new_order(office)
    async with sessions() as session:
        assert not await write_new_order(session, twin, [], outbox, claim)
    assert (await rows_of(intake_db, first.id))["orders"] == 1
    assert await rows_of(intake_db, twin.id) == {"orders": 0, "history": 0, "audit": 0, "outbox": 0}


async def test_inside_an_open_transaction_the_statement_is_undone_by_its_rollback(
    office: Office, intake_db: AsyncEngine
) -> None:
    order, outbox, _ = new_order(office)
    async with AsyncSession(intake_db) as session:
        await session.execute(sa.text("SELECT 1"))  # a read first: the transaction is open
        assert await write_new_order(session, order, [], outbox, None)
        await session.rollback()
    assert await rows_of(intake_db, order.id) == {
        "orders": 0,
        "history": 0,
        "audit": 0,
        "outbox": 0,
    }


async def test_without_an_open_transaction_the_session_never_begins(
    office: Office, intake_db: AsyncEngine
) -> None:
    """Was: the statement ran on the session's connection, so the session began (and then
    committed and rolled back) a transaction around an autocommit statement: ~9 % of
    intake's CPU per order (issue 18). Now it runs on a pool connection of its own; the
    rows are all there."""
    order, outbox, who = new_order(office)
    record = audit_record(who, office.id, "order.submit", "order", order.id, clock.now())
    begun: list[object] = []
    async with async_sessionmaker(intake_db)() as session:
        sa.event.listen(session.sync_session, "after_begin", lambda *a: begun.append(a))
        assert await write_new_order(session, order, [record], outbox, None)
        assert not session.in_transaction()
    assert begun == []
    assert await rows_of(intake_db, order.id) == {
        "orders": 1,
        "history": 1,
        "audit": 1,
        "outbox": 1,
    }


async def test_a_value_postgresql_refuses_is_still_a_422_naming_the_body(
    http: httpx.AsyncClient, office: Office
) -> None:
    """The autocommit path keeps SQLAlchemy's errors: a NUL byte PostgreSQL cannot store in
    text (SQLSTATE 22021) is the client's input (422), not an outage or a 500."""
    body = order_body(office, description="clips\u0000")
    r = await http.post("/v1/orders", json=body, headers=office.headers)
    assert r.status_code == 422, r.text
    assert "cannot be stored" in r.text

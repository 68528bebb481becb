"""A fact from matching or fulfilment loads its order in one statement and writes it back
in one (issue 18, simulation: ~3 facts an order were intake's largest cost): the lean load
sees the same lots and inspection as the full one, and the save keeps every history line
and lot, writing only the lots that changed."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.intake.adapters.orders import OrderRepository
from services.intake.domain.facts import Fact
from services.intake.domain.order import Order
from services.intake.domain.progress import apply_fact
from services.intake.domain.status import OrderStatus
from shared.contracts import fulfilment as ff
from shared.contracts import matching as m
from shared.db.engine import make_engine
from tests.integration.intake.conftest import Office, order_body
from tests.support.services import RunningService
from tests.support.stack import admin_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def intake_db(intake: RunningService) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(admin_url(), schema="intake", pool_size=2)
    yield engine
    await engine.dispose()


def offered(order_id: uuid.UUID, units: int) -> m.JobOffered:
    return m.JobOffered(
        offer_id=uuid.uuid4(), order_id=order_id, provider_id=uuid.uuid4(),
        category="bead_work", units=units, start="2027-03-03", end="2027-03-12",
        unit_fee_fen=35, expires_at="2027-03-02T00:00:00Z",
    )  # fmt: skip


async def apply(engine: AsyncEngine, order_id: uuid.UUID, payload: object) -> None:
    """What the consumer's handler does with one fact, on the lean load."""
    known = Fact(uuid.uuid4(), datetime.now(UTC), payload)  # type: ignore[arg-type]
    async with AsyncSession(engine) as s, s.begin():
        repo = OrderRepository(s)
        order = await repo.get_for_fact(order_id)
        assert order is not None
        assert not await repo.record_fact(order_id, known)
        apply_fact(order, known.payload, known.cause)
        await repo.save(order)


async def test_the_lean_load_and_one_statement_save_keep_lots_history_and_inspection(
    http: httpx.AsyncClient, office: Office, intake_db: AsyncEngine
) -> None:
    r = await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    order_id = uuid.UUID(r.json()["id"])
    first, second = offered(order_id, 700), offered(order_id, 500)
    shipped = ff.ConsignmentDispatched(
        consignment_id=uuid.uuid4(), order_id=order_id, office_id=office.id,
        direction=ff.Direction.OUT, carrier="ZTO", shipped_on=date(2027, 3, 1), lines=(),
    )  # fmt: skip
    for fact in (first, second, shipped):
        await apply(intake_db, order_id, fact)

    async with AsyncSession(intake_db) as s, s.begin():
        repo = OrderRepository(s)
        full, lean = await repo.get_for_update(order_id), await repo.get_for_fact(order_id)
        stamps = {
            r.offer_id: r.xmin
            for r in await s.execute(
                sa.text("SELECT offer_id, xmin::text FROM placements WHERE order_id = :id"),
                {"id": order_id},
            )
        }
    assert full is not None and lean is not None
    assert lean.placements == full.placements and set(full.placements) == {
        first.offer_id,
        second.offer_id,
    }
    assert lean.inspected and full.inspected
    assert lean.history == []  # a fact only appends to it
    # the stack's real matcher may add lines of its own (an offer, "unmatched"): ours in order
    ours = ("OrderSubmitted", "JobOffered", "ConsignmentDispatched")
    assert [h.cause_type for h in full.history if h.cause_type in ours] == [
        "OrderSubmitted", "JobOffered", "JobOffered", "ConsignmentDispatched",
    ]  # fmt: skip

    accepted = m.OfferAccepted(
        offer_id=second.offer_id, job_id=uuid.uuid4(), order_id=order_id,
        provider_id=second.provider_id, category="bead_work", units=500,
        start=second.start, end=second.end, deadline="2027-03-20",
    )  # fmt: skip
    await apply(intake_db, order_id, accepted)
    async with AsyncSession(intake_db) as s:
        rows = {
            r.offer_id: (r.xmin, r.state)
            for r in await s.execute(
                sa.text("SELECT offer_id, xmin::text, state FROM placements WHERE order_id = :id"),
                {"id": order_id},
            )
        }
        after = await OrderRepository(s).get(order_id)
    assert rows[second.offer_id][1] == "accepted"
    assert rows[first.offer_id][0] == stamps[first.offer_id]  # unchanged lot not rewritten
    assert rows[second.offer_id][0] != stamps[second.offer_id]
    assert after is not None and after.history[: len(full.history)] == full.history
    assert [h.cause_type for h in after.history].count("OfferAccepted") == 1


class _CommitsAfterFirstStatement:
    """A session whose first statement is followed by ``writer`` (another transaction,
    committed) before the next one runs: where READ COMMITTED lets a multi-statement read
    see two states of the order."""

    def __init__(self, session: AsyncSession, writer: Callable[[], Awaitable[None]]) -> None:
        self._s, self._writer = session, writer
        self.statements = 0

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        result = await self._s.execute(*args, **kwargs)
        self.statements += 1
        if self.statements == 1:
            await self._writer()
        return result


async def test_an_order_is_read_in_one_snapshot_even_while_it_changes(
    http: httpx.AsyncClient, office: Office, intake_db: AsyncEngine
) -> None:
    """A change committed while the office's page reads the order shows whole or not at all:
    a fulfilment journey once read IN_PRODUCTION beside the history line "every lot
    accepted" (the status read before the fact committed, the history after)."""
    r = await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    order_id = uuid.UUID(r.json()["id"])

    async def cancel() -> None:
        async with AsyncSession(intake_db) as s, s.begin():
            repo = OrderRepository(s)
            order = await repo.get_for_update(order_id)
            assert order is not None
            order.cancel("client withdrew")
            await repo.save(order)

    async with AsyncSession(intake_db) as s, s.begin():
        between = _CommitsAfterFirstStatement(s, cancel)
        seen = await OrderRepository(between).get(order_id)  # type: ignore[arg-type]
    assert seen is not None and seen.status != OrderStatus.CANCELLED  # read before the cancel
    assert seen.history[-1].to_status == seen.status, [h.reason for h in seen.history]
    async with AsyncSession(intake_db) as s:
        now = await OrderRepository(s).get(order_id)
    assert now is not None and now.status == now.history[-1].to_status == OrderStatus.CANCELLED


async def test_a_locked_load_that_waited_sees_everything_the_lock_holder_committed(
    http: httpx.AsyncClient, office: Office, intake_db: AsyncEngine
) -> None:
    """A fact committed while an office's cancel waits for the order's row: the cancel then
    loads the lots that fact wrote, not the row after it beside the lots before it (which
    its save would have written back over the fact's)."""
    r = await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    order_id = uuid.UUID(r.json()["id"])
    fact = offered(order_id, 700)

    async def load_locked() -> Order | None:
        async with AsyncSession(intake_db) as s, s.begin():
            await s.execute(sa.text(f"SET application_name = '{WAITER}'"))
            return await OrderRepository(s).get_for_update(order_id)

    async with AsyncSession(intake_db) as s, s.begin():  # the fact, committed at the end
        repo = OrderRepository(s)
        order = await repo.get_for_fact(order_id)
        assert order is not None
        await repo.record_fact(order_id, Fact(uuid.uuid4(), datetime.now(UTC), fact))
        apply_fact(order, fact, (uuid.uuid4(), fact.event_type))
        await repo.save(order)
        waiting = asyncio.create_task(load_locked())
        await eventually(lambda: _waits_for_a_lock(intake_db), what="the load waits")
        version = order.version
    loaded = await waiting
    # the stack's own consumer may take the lock between the two (an offer, "unmatched")
    assert loaded is not None and loaded.version >= version
    assert fact.offer_id in loaded.placements, "the lots from before the fact"


WAITER = "locked-load-test"


async def _waits_for_a_lock(engine: AsyncEngine) -> bool:
    query = sa.text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE application_name = :me AND wait_event_type = 'Lock'"
    )
    async with engine.connect() as conn:
        return bool((await conn.execute(query, {"me": WAITER})).scalar_one())

"""On the real stack: an order fulfilment reports on is paid on inspected good units, not
the broker's claim; replayed and reordered events never pay twice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

import httpx
import pypdfium2 as pdfium
import pytest

from shared.contracts import fulfilment as ff
from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.identity import Role
from shared.region import clock
from tests.integration.settlement.conftest import Upstream
from tests.support.inspection_events import Lot
from tests.support.tokens import bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
FEE = 300


@dataclass(frozen=True)
class _Job:
    """One provider's job on an office's order of hair clips at FEE a unit, and what the
    office reads of its receivables."""

    quantity: int
    office: uuid.UUID = field(default_factory=uuid.uuid4)
    client: uuid.UUID = field(default_factory=uuid.uuid4)
    provider: uuid.UUID = field(default_factory=uuid.uuid4)
    order_id: uuid.UUID = field(default_factory=uuid.uuid4)
    job_id: uuid.UUID = field(default_factory=uuid.uuid4)
    today: date = field(default_factory=clock.today)

    def order(self) -> o.OrderSubmitted:
        return o.OrderSubmitted(
            order_id=self.order_id, office_id=self.office, client_id=self.client,
            category="bead_work", description="hair clips", quantity=self.quantity,
            unit_fee_fen=FEE, materials_ready=self.today,
            deadline=self.today + timedelta(days=20), origin_market="yiwu", splittable=True,
            min_lot=10,
        )  # fmt: skip

    def registered(self, **where: Any) -> m.ProviderRegistered:
        """The provider (name, county, township, village, mode, workforce as given)."""
        return m.ProviderRegistered(
            provider_id=self.provider, categories={"bead_work": 50}, auto_accept=False, **where
        )

    def claim(self, good: int, defective: int) -> m.JobDelivered:
        """The broker's delivery report."""
        return m.JobDelivered(
            job_id=self.job_id, order_id=self.order_id, provider_id=self.provider,
            good_units=good, defective_units=defective, delivered_on=self.today, late=False,
        )  # fmt: skip

    def delivery(self, good: int, on: date, total_good: int) -> m.JobDeliveredV2:
        """One of several delivery reports of the job (all good units), ``total_good`` of
        ``quantity`` delivered with it."""
        return m.JobDeliveredV2(
            job_id=self.job_id, order_id=self.order_id, provider_id=self.provider,
            good_units=good, defective_units=0, delivered_on=on, late=False,
            delivery_id=uuid.uuid4(), final=total_good == self.quantity, over_tolerance=False,
            total_good_units=total_good, total_defective_units=0, units_total=self.quantity,
        )  # fmt: skip

    def lot(self, day: date, job_id: uuid.UUID | None = None) -> Lot:
        """Fulfilment's events for the job (or another job of the order), from ``day``."""
        return Lot(self.order_id, job_id or self.job_id, self.provider, day, self.office)

    @property
    def auth(self) -> dict[str, str]:
        return bearer(self.office, Role.OFFICE)

    async def receivables(self, http: httpx.AsyncClient) -> list[dict[str, Any]]:
        got: list[dict[str, Any]] = (await http.get("/v1/receivables", headers=self.auth)).json()
        return got

    async def claimed_in_full(self, upstream: Upstream, http: httpx.AsyncClient) -> Any:
        """Home workers in Jingning claim every unit good before fulfilment is heard of
        (an order without supplied materials); the claim's receivable."""
        registered = self.registered(
            name="Dongkeng home workers", county="jingning", township="Dongkeng",
            village="Houshan", mode="home", workforce=m.Workforce(total=12),
        )  # fmt: skip
        for p, key in [
            (registered, self.provider),
            (self.order(), self.order_id),
            (self.claim(good=self.quantity, defective=0), self.order_id),
        ]:
            await upstream.publish(p, key)
        rows = partial(self.receivables, http)
        (claimed,) = await eventually(rows, lambda r: len(r) == 1, what="the claim's receivable")
        return claimed

    async def statement(self, http: httpx.AsyncClient, **params: str) -> httpx.Response:
        """The provider's statement of this month, as the provider asks for it."""
        month = f"/v1/providers/{self.provider}/statements/{self.today:%Y-%m}"
        return await http.get(month, params=params, headers=bearer(self.provider, Role.PROVIDER))


async def test_inspected_units_are_paid_once_whatever_is_replayed_or_reordered(
    http: httpx.AsyncClient, upstream: Upstream
) -> None:
    job = _Job(quantity=110)
    lot = job.lot(job.today)
    registered = job.registered(
        name="Xinlu beads", county="suichang", township="Xinlu", village="Xinlu", mode="centre",
        workforce=m.Workforce(total=120, low_income=30),
    )  # fmt: skip
    claim = job.claim(good=98, defective=2)
    first, rework, second = (
        lot.inspected(1, 100, 10, 90, 10),
        lot.rework(10),
        lot.inspected(2, 10, 0, 100, 0),
    )
    # reordered: the inspection before the order's terms and the provider, the claim last
    for p, key in [
        (lot.dispatched(), job.order_id),
        (first, job.order_id),
        (registered, job.provider),
        (job.order(), job.order_id),
        (rework, job.order_id),
        (second, job.order_id),
        (claim, job.order_id),
    ]:
        await upstream.publish(p, key)  # fmt: skip
    rows = partial(job.receivables, http)

    found = await eventually(rows, lambda r: len(r) >= 2, what="the two inspections' receivables")
    by_id = {r["delivery_id"]: r for r in found}
    assert set(by_id) == {str(first.inspection_id), str(second.inspection_id)}
    assert by_id[str(first.inspection_id)]["good_units"] == 90
    assert by_id[str(first.inspection_id)]["fee_fen"] == 90 * FEE
    assert by_id[str(second.inspection_id)]["good_units"] == 10

    # the claim, then everything told again, newest first; then a sentinel inspection of
    # another lot of the same order (same key, so it is read after the replays on its topic)
    for p in (claim, second, rework, first, claim, first):
        await upstream.publish(p, job.order_id)
    # (accepted with a deduction of 5 yuan: it comes off the fee, and payment is capped)
    yesterday = job.today - timedelta(days=1)  # so it is inspected today, and paid today
    other = job.lot(yesterday, job_id=uuid.uuid4()).inspected(1, 10, 0, 10, 0)
    deduction = {"decision": ff.Decision.ACCEPT_WITH_DEDUCTION, "deduction_fen": 500}
    other = other.model_copy(update=deduction)
    await upstream.publish(other, job.order_id)
    found = await eventually(rows, lambda r: len(r) >= 3, what="the sentinel's receivable")
    assert len(found) == 3
    assert sum(r["good_units"] for r in found) == 90 + 10 + 10
    assert sum(r["fee_fen"] for r in found) == 110 * FEE - 500
    sentinel = next(r for r in found if r["delivery_id"] == str(other.inspection_id))
    assert (sentinel["deduction_fen"], sentinel["outstanding_fen"]) == (500, 10 * FEE - 500)
    pay = f"/v1/receivables/{other.inspection_id}/payments"
    on = str(job.today)
    gross = await http.post(pay, json={"amount_fen": 10 * FEE, "paid_on": on}, headers=job.auth)
    assert gross.status_code in (409, 422), gross.text  # more than is owed after the deduction
    net = await http.post(pay, json={"amount_fen": 10 * FEE - 500, "paid_on": on}, headers=job.auth)
    assert net.status_code == 201 and net.json()["outstanding_fen"] == 0, net.text


async def test_a_claim_paid_before_inspection_gives_back_what_inspection_refused(
    http: httpx.AsyncClient, upstream: Upstream
) -> None:
    """An order without supplied materials: settlement first hears of fulfilment at the
    inspection. The claim of 100 good is paid for 95; inspection accepts 90: the 5 unpaid
    units come off the fee, the 5 paid ones are counted overpaid for the office."""
    job = _Job(quantity=100)
    claimed = await job.claimed_in_full(upstream, http)
    rows = partial(job.receivables, http)
    assert claimed["good_units"] == 100
    pay = f"/v1/receivables/{claimed['delivery_id']}/payments"
    on = str(job.today)
    paid = await http.post(pay, json={"amount_fen": 95 * FEE, "paid_on": on}, headers=job.auth)
    assert paid.status_code == 201, paid.text

    inspected = job.lot(job.today - timedelta(days=1)).inspected(1, 100, 10, 90, 0)
    await upstream.publish(inspected, job.order_id)
    found = await eventually(rows, lambda r: len(r) == 2, what="the inspection's receivable")
    after = next(r for r in found if r["delivery_id"] == claimed["delivery_id"])
    assert (after["good_units"], after["defective_units"]) == (95, 5)
    assert (after["taken_back_units"], after["overpaid_fen"]) == (5, 5 * FEE)
    assert (after["fee_fen"], after["outstanding_fen"], after["state"]) == (95 * FEE, 0, "paid")
    assert sum(r["good_units"] for r in found) == 95  # 90 accepted + 5 paid before it

    # the broker sees it too (review finding: only the office's page showed it), in the
    # statement and its Chinese PDF, to settle with the office
    s = (await job.statement(http)).json()
    assert (s["balance_fen"], s["overpaid_fen"], s["balance_less_overpaid_fen"]) == (
        0, 5 * FEE, -5 * FEE,
    )  # fmt: skip
    line = next(x for x in s["lines"] if x["delivery_id"] == claimed["delivery_id"])
    assert line["overpaid_fen"] == 5 * FEE
    pdf = await job.statement(http, format="pdf")
    text = pdfium.PdfDocument(pdf.content)[0].get_textpage().get_text_range()
    assert "验收未通过但已付款 ¥15.00" in text and "请与联络处结算" in text


async def test_what_was_overpaid_stays_with_the_claims_that_were_paid(
    http: httpx.AsyncClient, upstream: Upstream
) -> None:
    """Review finding: two claims of 50, the older paid in full, the newer for one unit;
    inspection accepts 40. All that was overpaid (11 units' fee) went on the newer claim,
    paid for one unit: the table's overpaid_le_paid check refused it, and the inspection
    could not be settled. Each claim now holds at most what it was paid."""
    job = _Job(quantity=100)
    registered = job.registered(
        name="Dongkeng home workers", county="jingning", township="Dongkeng",
        village="Houshan", mode="home", workforce=m.Workforce(total=12),
    )  # fmt: skip
    older = job.delivery(50, job.today - timedelta(days=2), total_good=50)
    newer = job.delivery(50, job.today - timedelta(days=1), total_good=100)
    for p, key in [
        (registered, job.provider),
        (job.order(), job.order_id),
        (older, job.order_id),
        (newer, job.order_id),
    ]:
        await upstream.publish(p, key)
    rows = partial(job.receivables, http)
    await eventually(rows, lambda r: len(r) == 2, what="the claims' receivables")
    on = str(job.today)
    for claim, units in [(older, 50), (newer, 1)]:
        pay = f"/v1/receivables/{claim.delivery_id}/payments"
        paid = await http.post(
            pay, json={"amount_fen": units * FEE, "paid_on": on}, headers=job.auth
        )
        assert paid.status_code == 201, paid.text

    inspected = job.lot(job.today - timedelta(days=1)).inspected(1, 100, 60, 40, 0)
    await upstream.publish(inspected, job.order_id)
    found = await eventually(rows, lambda r: len(r) == 3, what="the inspection's receivable")
    by_id = {r["delivery_id"]: r for r in found}
    old, new = by_id[str(older.delivery_id)], by_id[str(newer.delivery_id)]
    assert (new["good_units"], new["taken_back_units"], new["overpaid_fen"]) == (1, 49, FEE)
    assert (old["good_units"], old["taken_back_units"], old["overpaid_fen"]) == (50, 0, 10 * FEE)
    assert sum(r["outstanding_fen"] for r in found) == 0


async def test_a_claim_and_its_inspection_count_each_piece_once(
    http: httpx.AsyncClient, upstream: Upstream
) -> None:
    """Review finding: a claim of 100, inspection accepts 90 with 10 defective. The claim
    showed 90 good + 10 defective with the trip's freight, and the inspection's own
    receivable 10 defective more with freight for 10 more pieces: the statement counted 20
    defective and freight for 110 pieces. Each piece is counted once now."""
    job = _Job(quantity=100)
    claimed = await job.claimed_in_full(upstream, http)
    rows = partial(job.receivables, http)
    trip_fen = claimed["freight_fen"]
    assert trip_fen > 0

    inspected = job.lot(job.today - timedelta(days=1)).inspected(1, 100, 10, 90, 0)
    await upstream.publish(inspected, job.order_id)
    found = await eventually(rows, lambda r: len(r) == 2, what="the inspection's receivable")
    own = next(r for r in found if r["delivery_id"] == str(inspected.inspection_id))
    assert (own["good_units"], own["defective_units"], own["freight_fen"]) == (0, 0, 0)
    got = await job.statement(http)
    s = got.json()
    assert got.status_code == 200, got.text
    assert (s["good_units"], s["defective_units"]) == (90, 10)
    assert s["freight_fen"] == trip_fen  # the delivery's one trip, 100 pieces

"""Settlement pays inspected good units for orders fulfilment reports on, delivered good
units for the others (the rule intake uses for DELIVERED), and never twice, whatever order
the three topics are read in and however often an event is told."""

from __future__ import annotations

import random

import pytest

from services.settlement.adapters.policy_files import load_policies
from services.settlement.consumers import EVENTS
from services.settlement.domain.errors import Overpayment
from shared.contracts import fulfilment as ff
from shared.contracts import matching as m
from shared.events import new_envelope
from shared.events.payload import Payload
from tests.support.inspection_events import Lot
from tests.support.memory import MemoryBus
from tests.support.memory_settlement import MemorySettlementUnitOfWork
from tests.unit.settlement.test_fact_handlers import (
    DAY,
    JOB,
    ORDER,
    PROVIDER,
    _delivered_v1,
    _order,
    _provider,
)

LOT = Lot(ORDER, JOB, PROVIDER, DAY)
FEE = 200  # the order's unit fee


async def _run(uow: MemorySettlementUnitOfWork, *events: Payload) -> None:
    for p in events:
        async with uow:
            handler = EVENTS[p.event_type]
            await handler(uow, new_envelope(p, key=str(ORDER)), p)  # type: ignore[arg-type]
            await uow.commit()


def _paid_units(uow: MemorySettlementUnitOfWork) -> int:
    return sum(r.good_units for r in uow.receivables.rows.values())


def _story(claim: int) -> list[Payload]:
    """Materials out; the broker claims `claim` good of 100; the office finds 10 defective
    of 100 and sends them back; the rework passes: 90 + 10 = 100 inspected good units."""
    delivered = _delivered_v1().model_copy(
        update={"good_units": claim, "defective_units": 100 - claim}
    )
    return [
        _order(),
        _provider(),
        LOT.dispatched(),
        delivered,
        LOT.inspected(1, 100, 10, 90, 10),
        LOT.rework(10),
        LOT.inspected(2, 10, 0, 100, 0),
    ]


async def test_an_inspected_order_is_paid_on_inspected_good_units_not_the_claim() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    order, provider, dispatched, delivered, first, rework, second = _story(claim=98)
    assert isinstance(first, ff.InspectionRecorded) and isinstance(second, ff.InspectionRecorded)
    await _run(uow, order, provider, dispatched, delivered, first)
    (r,) = uow.receivables.rows.values()  # the claim of 98 pays nothing
    assert (r.delivery_id, r.good_units, r.defective_units) == (first.inspection_id, 90, 10)
    assert r.fee_fen == 90 * FEE and r.due_on == first.inspected_on
    await _run(uow, rework, second)
    assert _paid_units(uow) == 100
    assert uow.receivables.rows[second.inspection_id].good_units == 10


async def test_an_order_fulfilment_never_reports_on_is_paid_on_the_delivery() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    await _run(uow, _order(), _provider(), _delivered_v1())
    (r,) = uow.receivables.rows.values()
    assert r.good_units == 95


async def test_inspections_waiting_for_the_order_are_paid_round_by_round() -> None:
    """Both rounds read before the order's terms: each pays its own units (it paid 100 on
    the first round and 0 on the rework before, seen on the real stack)."""
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    order, provider, dispatched, delivered, first, rework, second = _story(claim=98)
    assert isinstance(first, ff.InspectionRecorded) and isinstance(second, ff.InspectionRecorded)
    await _run(uow, provider, dispatched, first, rework, second, delivered, order)
    units = {k: r.good_units for k, r in uow.receivables.rows.items()}
    assert units == {first.inspection_id: 90, second.inspection_id: 10}


async def test_replays_change_nothing() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    story = _story(claim=90)
    await _run(uow, *story, *story, *reversed(story))
    assert _paid_units(uow) == 100
    assert len(uow.receivables.rows) == 2


@pytest.mark.parametrize("claim", [90, 100])
async def test_every_order_of_the_events_pays_each_unit_once(claim: int) -> None:
    """60 of the 5,040 orders of the seven events, drawn with a fixed seed (each with two
    events told again at a random later point):
    with the dispatch read before the delivery, exactly the 100 inspected good units; a
    delivery paid before settlement heard of fulfilment is topped up by the inspections,
    never paid again (the claim here is at most the inspected units)."""
    rng = random.Random(16)
    story = _story(claim)
    for _ in range(60):
        told = rng.sample(story, len(story))
        for p in rng.sample(told, 2):
            told.insert(rng.randrange(told.index(p) + 1, len(told) + 1), p)
        uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
        await _run(uow, *told)
        assert _paid_units(uow) == 100, [p.event_type for p in told]
        assert all(r.good_units >= 0 for r in uow.receivables.rows.values())


async def test_a_delivery_paid_before_fulfilment_reported_is_not_paid_again() -> None:
    """The claim (100) was made receivable before any fulfilment fact arrived; the first
    inspection accepts 90 and sends 10 back: 10 come off the claim; the rework's 10 are
    then paid on their own inspection, once."""
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    order, provider, dispatched, delivered, first, rework, second = _story(claim=100)
    await _run(uow, order, provider, delivered, dispatched, first, rework, second)
    assert _paid_units(uow) == 100
    claim = next(r for r in uow.receivables.rows.values() if r.taken_back_units)
    assert (claim.good_units, claim.defective_units, claim.overpaid_fen) == (90, 10, 0)
    assert isinstance(second, ff.InspectionRecorded)
    assert uow.receivables.rows[second.inspection_id].good_units == 10


async def _claimed_then_inspected(
    paid_fen: int, deduction_fen: int = 0, accepted: int = 90
) -> MemorySettlementUnitOfWork:
    """An order without supplied materials: fulfilment first hears of it at inspection.
    The broker claims 100 good; ``paid_fen`` of the claim is paid; the office then
    accepts ``accepted`` of them (with ``deduction_fen`` taken off)."""
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    claim = _delivered_v1().model_copy(update={"good_units": 100, "defective_units": 0})
    await _run(uow, _order(), _provider(), claim)
    if paid_fen:
        (r,) = uow.receivables.rows.values()
        r.pay(paid_fen)
    inspected = LOT.inspected(1, 100, 100 - accepted, accepted, 0)
    if deduction_fen:
        deduction = {"decision": ff.Decision.ACCEPT_WITH_DEDUCTION, "deduction_fen": deduction_fen}
        inspected = inspected.model_copy(update=deduction)
    await _run(uow, inspected)
    return uow


def _owed(uow: MemorySettlementUnitOfWork) -> int:
    return sum(r.fee_fen for r in uow.receivables.rows.values())


async def test_units_inspection_refused_come_off_an_unpaid_claim() -> None:
    uow = await _claimed_then_inspected(paid_fen=0)
    assert _paid_units(uow) == 90  # the client owes 90 good units, not the 100 claimed
    claim = next(r for r in uow.receivables.rows.values() if r.good_units)
    assert (claim.good_units, claim.defective_units, claim.taken_back_units) == (90, 10, 10)
    assert claim.outstanding_fen == 90 * FEE and claim.overpaid_fen == 0
    with pytest.raises(Overpayment):
        claim.pay(91 * FEE)


@pytest.mark.parametrize(("paid", "taken", "overpaid"), [(95, 5, 5), (100, 0, 10)])
async def test_units_already_paid_stay_paid_and_are_counted_overpaid(
    paid: int, taken: int, overpaid: int
) -> None:
    uow = await _claimed_then_inspected(paid_fen=paid * FEE)
    claim = next(r for r in uow.receivables.rows.values() if r.good_units)
    assert (claim.taken_back_units, claim.overpaid_fen) == (taken, overpaid * FEE)
    assert claim.good_units == 100 - taken and claim.outstanding_fen == 0
    assert claim.earned_fen == 90 * FEE  # awards and impact count the accepted pieces


async def test_a_deduction_comes_off_a_claim_made_receivable_first() -> None:
    """Review finding: the inspection's own receivable (0 units) could not carry its
    deduction, so it was lost and the client owed 19,000 instead of 18,500."""
    uow = await _claimed_then_inspected(paid_fen=0, deduction_fen=500, accepted=95)
    assert _owed(uow) == 95 * FEE - 500


async def test_a_part_paid_piece_is_neither_owed_again_nor_counted_whole() -> None:
    """Paid 10,001 fen of 100 claimed at 200; inspection accepts 40 (8,000 fen): nothing
    more is owed and exactly 2,001 fen is to be recovered."""
    uow = await _claimed_then_inspected(paid_fen=10_001, accepted=40)
    assert _owed(uow) == 10_001
    assert sum(r.outstanding_fen for r in uow.receivables.rows.values()) == 0
    assert sum(r.overpaid_fen for r in uow.receivables.rows.values()) == 2_001


async def test_a_rework_that_passes_clears_what_was_counted_overpaid() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    claim = _delivered_v1().model_copy(update={"good_units": 100, "defective_units": 0})
    await _run(uow, _order(), _provider(), claim)
    next(iter(uow.receivables.rows.values())).pay(100 * FEE)
    await _run(uow, LOT.inspected(1, 100, 10, 90, 10))
    assert sum(r.overpaid_fen for r in uow.receivables.rows.values()) == 10 * FEE
    await _run(uow, LOT.rework(10), LOT.inspected(2, 10, 0, 100, 0))
    assert sum(r.overpaid_fen for r in uow.receivables.rows.values()) == 0
    assert _owed(uow) == 100 * FEE


def test_settlement_consumes_fulfilments_events() -> None:
    from shared.events.catalogue import subscriptions

    assert "fulfilment.lots" in subscriptions("settlement")
    assert {"InspectionRecorded", "ConsignmentDispatched", "ReworkRequested"} <= set(EVENTS)
    assert m.JobDelivered.event_type in EVENTS


async def test_an_inspections_deduction_comes_off_the_fee_and_caps_payment() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    accepted = LOT.inspected(1, 100, 3, 97, 0).model_copy(
        update={"decision": ff.Decision.ACCEPT_WITH_DEDUCTION, "deduction_fen": 1_500}
    )
    await _run(uow, _order(), _provider(), LOT.dispatched(), accepted)
    (r,) = uow.receivables.rows.values()
    assert (r.good_units, r.deduction_fen) == (97, 1_500)
    assert r.fee_fen == r.outstanding_fen == 97 * FEE - 1_500
    with pytest.raises(Overpayment):
        r.pay(97 * FEE)  # the gross fee is no longer owed
    r.pay(97 * FEE - 1_500)
    assert r.outstanding_fen == 0


async def test_a_deduction_larger_than_the_fee_leaves_nothing_owed_not_a_debt() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    accepted = LOT.inspected(1, 10, 0, 10, 0).model_copy(
        update={"decision": ff.Decision.ACCEPT_WITH_DEDUCTION, "deduction_fen": 10 * FEE + 1}
    )
    await _run(uow, _order(), _provider(), LOT.dispatched(), accepted)
    (r,) = uow.receivables.rows.values()
    assert (r.deduction_fen, r.fee_fen) == (10 * FEE, 0)


@pytest.mark.parametrize(("paid", "reclaimed", "overpaid"), [(0, 3_000, 0), (90 * FEE, 0, 3_000)])
async def test_a_deduction_beyond_its_own_receivable_comes_off_the_jobs_fee(
    paid: int, reclaimed: int, overpaid: int
) -> None:
    """What README says: a job's deductions come off the job's whole fee. The rework's
    5,000 deduction on its 2,000 receivable takes the other 3,000 off the first round's
    receivable: off what is outstanding, or counted overpaid where it was paid."""
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    first = LOT.inspected(1, 100, 10, 90, 10)
    await _run(uow, _order(), _provider(), LOT.dispatched(), first)
    if paid:
        uow.receivables.rows[first.inspection_id].pay(paid)
    deduction = {"decision": ff.Decision.ACCEPT_WITH_DEDUCTION, "deduction_fen": 5_000}
    second = LOT.inspected(2, 10, 0, 100, 0).model_copy(update=deduction)
    await _run(uow, LOT.rework(10), second)
    rework, earlier = (
        uow.receivables.rows[second.inspection_id],
        uow.receivables.rows[first.inspection_id],
    )
    assert (rework.deduction_fen, rework.fee_fen) == (10 * FEE, 0)
    assert (earlier.reclaimed_fen, earlier.overpaid_fen) == (reclaimed, overpaid)
    assert _owed(uow) == 100 * FEE - 5_000 + overpaid  # never below what was paid


async def test_deductions_beyond_the_whole_jobs_fee_leave_nothing_owed_not_a_debt() -> None:
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    first = LOT.inspected(1, 100, 10, 90, 10)
    await _run(uow, _order(), _provider(), LOT.dispatched(), first)
    deduction = {"decision": ff.Decision.ACCEPT_WITH_DEDUCTION, "deduction_fen": 100 * FEE + 1}
    await _run(uow, LOT.rework(10), LOT.inspected(2, 10, 0, 100, 0).model_copy(update=deduction))
    assert _owed(uow) == 0
    assert all(r.overpaid_fen == 0 and r.fee_fen >= 0 for r in uow.receivables.rows.values())

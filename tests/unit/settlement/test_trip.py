"""Each piece is counted once as good or defective, and its freight charged once per trip
it made (review finding: a claim of 100 inspected 90 good / 10 defective showed 20
defective and freight for 110 pieces; domain/fees/facts.py ``trip``)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from services.settlement.adapters.policy_files import load_policies
from services.settlement.domain.fees.facts import Delivery, Source, Trip, trip
from shared.region.counties import County
from shared.region.distances import transport_cost_fen
from shared.region.markets import Market
from tests.support.inspection_events import Lot
from tests.support.memory import MemoryBus
from tests.support.memory_settlement import MemorySettlementUnitOfWork
from tests.unit.settlement.test_fact_handlers import DAY, JOB, ORDER, PROVIDER, _delivered_v1
from tests.unit.settlement.test_pay_inspected import _order, _provider, _run

LOT = Lot(ORDER, JOB, PROVIDER, DAY)
CLAIM = Delivery(
    uuid.uuid4(), JOB, ORDER, PROVIDER, good_units=100, defective_units=0,
    delivered_on=date(2026, 11, 20), final=True,
)  # fmt: skip
FIRST = replace(CLAIM, good_units=90, defective_units=10, source=Source.INSPECTED)


def _freight(pieces: int) -> int:
    """Crochet, Jinyun to Wenzhou (170 km, 26 millifen a unit-km): the test order's trip."""
    return transport_cost_fen(pieces, County.JINYUN, Market.WENZHOU, 26)


def test_a_claim_counts_its_own_pieces() -> None:
    assert trip(replace(CLAIM, defective_units=2), 98, 0) == Trip(defective=2, carried=100)


def test_a_first_inspection_counts_only_the_pieces_the_claims_did_not_carry() -> None:
    assert trip(FIRST, 0, claimed_pieces=100) == Trip(defective=0, carried=0)
    # a claim of 50 of the 100 pieces: the other 50 are the inspection's (40 paid good)
    assert trip(FIRST, 40, claimed_pieces=50) == Trip(defective=10, carried=50)
    assert trip(FIRST, 90, claimed_pieces=0) == Trip(defective=10, carried=100)


def test_a_rework_is_a_trip_of_its_own_whatever_was_claimed() -> None:
    rework = replace(FIRST, good_units=8, defective_units=2, round=2)
    assert trip(rework, 8, claimed_pieces=100) == Trip(defective=2, carried=10)


async def test_a_claim_then_its_inspection_count_each_piece_once() -> None:
    """The reviewer's case: a claim of 100; inspection accepts 90, 10 defective. It showed
    20 defective and freight for 110 pieces (884 + 89 fen); now 10 and 100 (884)."""
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    claim = _delivered_v1().model_copy(update={"good_units": 100, "defective_units": 0})
    await _run(uow, _order(), _provider(), claim, LOT.inspected(1, 100, 10, 90, 0))
    rows = list(uow.receivables.rows.values())
    assert len(rows) == 2
    assert sum(r.good_units for r in rows) == 90
    assert sum(r.defective_units for r in rows) == 10
    assert sum(r.freight_fen for r in rows) == _freight(100) == 884


async def test_a_rework_after_a_claim_pays_the_freight_of_its_own_trip() -> None:
    """Claim 100; 10 sent back for rework and accepted: 100 pieces on the delivery's trip,
    10 on the rework's, 10 found defective once."""
    uow = MemorySettlementUnitOfWork(MemoryBus(), load_policies())
    claim = _delivered_v1().model_copy(update={"good_units": 100, "defective_units": 0})
    await _run(uow, _order(), _provider(), claim, LOT.inspected(1, 100, 10, 90, 10))
    await _run(uow, LOT.rework(10), LOT.inspected(2, 10, 0, 100, 0))
    rows = list(uow.receivables.rows.values())
    assert (sum(r.good_units for r in rows), sum(r.defective_units for r in rows)) == (100, 10)
    assert sum(r.freight_fen for r in rows) == _freight(100) + _freight(10)

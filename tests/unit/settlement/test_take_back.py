"""Taking back the good units a delivery claimed and inspection did not accept."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from services.settlement.domain.fees.receivable import Receivable, ReceivableState, take_back

CLAIM = Receivable(
    delivery_id=uuid.uuid4(), job_id=uuid.uuid4(), order_id=uuid.uuid4(),
    provider_id=uuid.uuid4(), office_id=uuid.uuid4(), client_id=uuid.uuid4(),
    category="bead_work", county="jingning", market="yiwu", good_units=100,
    defective_units=0, unit_fee_fen=35, freight_fen=0, freight_subsidy_fen=0,
    due_on=date(2026, 12, 1),
)  # fmt: skip


def test_a_part_paid_unit_counts_as_paid() -> None:
    r = replace(CLAIM, paid_fen=35 * 50 + 1)  # 50 units and a fen of the 51st
    assert r.unpaid_units == 49
    assert r.take_back(60) == 49 and r.good_units == 51 and r.outstanding_fen == 34


def test_a_receivable_paid_to_its_new_fee_is_paid() -> None:
    r = replace(CLAIM, paid_fen=35 * 90)
    assert r.take_back(10) == 10 and r.state is ReceivableState.PAID


def test_the_newest_claim_gives_back_first_and_overpaid_is_the_jobs_whole_excess() -> None:
    old = replace(CLAIM, delivery_id=uuid.uuid4(), good_units=50, paid_fen=35 * 50)
    new = replace(CLAIM, delivery_id=uuid.uuid4(), good_units=50, due_on=date(2026, 12, 5))
    changed = take_back([old, new], 60)
    assert (new.good_units, old.good_units) == (0, 50)
    assert (old.overpaid_units, new.overpaid_units) == (10, 0)
    assert {r.delivery_id for r in changed} == {old.delivery_id, new.delivery_id}
    # a later inspection (the rework passed) states the job's excess again: none
    assert take_back([old, new], 0) == [old] and old.overpaid_units == 0

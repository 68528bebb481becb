"""Restating a job's receivables against what its inspections accepted."""

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


def _constraints_hold(*rs: Receivable) -> None:
    for r in rs:  # the table's check constraints
        assert 0 <= r.paid_fen <= r.good_units * r.unit_fee_fen - r.deduction_fen - r.reclaimed_fen
        assert r.deduction_fen + r.reclaimed_fen <= r.good_units * r.unit_fee_fen
        assert 0 <= r.overpaid_fen <= r.paid_fen


def test_a_part_paid_unit_counts_as_covered() -> None:
    r = replace(CLAIM, paid_fen=35 * 50 + 1)  # 50 units and a fen of the 51st
    assert r.unpaid_units == 49
    assert r.take_back(60) == 49 and r.good_units == 51 and r.outstanding_fen == 34


def test_a_receivable_paid_to_its_new_fee_is_paid() -> None:
    r = replace(CLAIM, paid_fen=35 * 90)
    assert r.take_back(10) == 10 and r.state is ReceivableState.PAID


def test_the_newest_claim_gives_back_first_and_what_is_paid_is_overpaid() -> None:
    old = replace(CLAIM, delivery_id=uuid.uuid4(), good_units=50, paid_fen=35 * 50)
    new = replace(CLAIM, delivery_id=uuid.uuid4(), good_units=50, due_on=date(2026, 12, 5))
    changed = take_back([old, new], 60, 40 * 35)
    assert (new.good_units, old.good_units) == (0, 50)
    assert (old.overpaid_fen, new.overpaid_fen) == (10 * 35, 0)
    assert {r.delivery_id for r in changed} == {old.delivery_id, new.delivery_id}
    _constraints_hold(old, new)
    # a later inspection (the rework passed) restates the job: nothing overpaid
    assert take_back([old, new], 0, 50 * 35) == [old] and old.overpaid_fen == 0


def test_what_is_owed_beyond_whole_units_comes_off_the_outstanding_fee() -> None:
    r = replace(CLAIM, paid_fen=35 * 10)
    take_back([r], 0, 100 * 35 - 120)  # every unit accepted, 1.20 yuan deducted
    assert (r.reclaimed_fen, r.fee_fen, r.overpaid_fen) == (120, 100 * 35 - 120, 0)
    _constraints_hold(r)


def test_what_is_overpaid_is_spread_over_the_paid_claims_each_at_most_what_it_was_paid() -> None:
    """Review finding: the whole overpayment went on the newest paid claim, even beyond
    what that claim was paid (breaking the table's overpaid_le_paid check, so the
    inspection could not be settled). Two claims of 50 at 35 fen: the older paid in full
    (1,750), the newer for one unit (35); inspection accepts 40 (1,400): 49 unpaid units
    come off the newer, and 385 fen is overpaid, 35 of it on the newer claim."""
    old = replace(CLAIM, delivery_id=uuid.uuid4(), good_units=50, paid_fen=35 * 50)
    new = replace(
        CLAIM, delivery_id=uuid.uuid4(), good_units=50, paid_fen=35, due_on=date(2026, 12, 5)
    )
    take_back([old, new], 60, 40 * 35)
    assert (new.good_units, old.good_units) == (1, 50)
    assert (new.overpaid_fen, old.overpaid_fen) == (35, 350)
    _constraints_hold(old, new)

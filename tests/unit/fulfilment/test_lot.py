"""A lot's life: its share follows its units, reconciliation flags over-use, inspection
accepts or sends units back for rework until they pass."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal as D

import pytest

from services.fulfilment.domain.errors import FulfilmentError, IllegalTransition, LedgerRefused
from services.fulfilment.domain.inspection import Inspection
from services.fulfilment.domain.ledger import Usage
from services.fulfilment.domain.lot import LotState
from shared.contracts.fulfilment import Decision, InspectionRecorded, ReworkRequested
from tests.unit.fulfilment.builders import DAY, lot, order

BEADS, THREAD = "glass beads 4mm", "nylon thread"


def test_a_split_moves_the_share_with_the_units() -> None:
    o = order()
    a = lot(o, 500)
    assert a.ledger.accounts[BEADS].owed == D("30")
    a.move_units(200, o)
    assert (a.ledger.accounts[BEADS].owed, a.ledger.accounts[THREAD].owed) == (D("12"), D("2.5"))


def test_reconciliation_flags_use_over_the_allowance_and_balances() -> None:
    o = order()
    a = lot(o, 500)
    a.receive({BEADS: ("kg", D("31")), THREAD: ("m", D("6.3"))})
    event = a.reconcile(
        {BEADS: Usage(consumed=D("30.5"), scrapped=D("0.5")), THREAD: Usage(consumed=D("6"))},
        o,
        D("3"),
    )
    beads = next(line for line in event.lines if line.item == BEADS)
    assert event.over_allowance and beads.over_allowance == D("0.1")  # 31 used, 30.9 allowed
    assert beads.held == 0
    assert a.ledger.balanced()


def test_a_report_using_more_than_received_is_refused_and_changes_nothing() -> None:
    o = order()
    a = lot(o)
    a.receive({BEADS: ("kg", D("28"))})
    with pytest.raises(LedgerRefused):
        a.reconcile({BEADS: Usage(consumed=D("29"))}, o, D("3"))
    assert not a.reconciled and a.events == []


def inspection(inspected: int, defective: int, decision: Decision, **kw: object) -> Inspection:
    return Inspection(uuid.uuid4(), inspected, defective, decision, DAY, **kw)  # type: ignore[arg-type]


def test_rejected_units_come_back_as_rework_and_the_lot_is_done_when_they_pass() -> None:
    o = order(tolerance="2")
    a = lot(o, 100)
    a.delivered(late=False)
    due = DAY + timedelta(days=5)
    a.inspect(inspection(100, 12, Decision.REJECT_FOR_REWORK, rework_due=due), o, others_done=True)
    recorded, rework = a.events
    assert isinstance(recorded, InspectionRecorded) and isinstance(rework, ReworkRequested)
    assert (a.state, rework.units, rework.due, recorded.accepted_units) == (
        LotState.REWORK,
        12,
        due,
        88,
    )
    assert not recorded.order_accepted
    a.inspect(inspection(12, 0, Decision.ACCEPT), o, others_done=True)
    final = a.events[-1]
    assert isinstance(final, InspectionRecorded)
    assert (a.state, final.round, final.accepted_units, final.order_accepted) == (
        LotState.ACCEPTED,
        2,
        100,
        True,
    )
    with pytest.raises(IllegalTransition):
        a.inspect(inspection(1, 0, Decision.ACCEPT), o, others_done=True)


def test_a_decision_against_the_tolerance_needs_a_reason() -> None:
    o = order(tolerance="2")
    a = lot(o, 100)
    with pytest.raises(FulfilmentError, match="outside the order's tolerance") as err:
        a.inspect(inspection(100, 5, Decision.ACCEPT), o, others_done=True)
    assert err.value.field == "reason"
    with pytest.raises(FulfilmentError, match="within the order's tolerance"):
        a.inspect(
            inspection(100, 1, Decision.REJECT_FOR_REWORK, rework_due=DAY), o, others_done=True
        )
    a.inspect(inspection(100, 5, Decision.ACCEPT, reason="client agreed"), o, others_done=False)
    assert a.state is LotState.ACCEPTED and a.accepted_units == 95


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"inspected": 0}, "inspected"),
        ({"inspected": 101}, "inspected"),
        ({"defective": 3, "inspected": 2}, "defective"),
        ({"decision": Decision.ACCEPT_WITH_DEDUCTION}, "deduction_fen"),
        ({"decision": Decision.REJECT_FOR_REWORK, "defective": 50}, "rework_due"),
    ],
)
def test_bad_inspections_name_their_field(kw: dict, field: str) -> None:
    o = order()
    args = {"inspected": 100, "defective": 0, "decision": Decision.ACCEPT} | kw
    with pytest.raises(FulfilmentError) as err:
        lot(o, 100).inspect(
            inspection(args.pop("inspected"), args.pop("defective"), args.pop("decision")),
            o,
            others_done=True,
        )
    assert err.value.field == field

"""Which amendment is newest rests on the order's own sequence, not the producers' clocks
(issue 13 item 5): the newer amendment may carry the OLDER occurred_at."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from services.matching.domain.order_facts import Amendment, Stamp, Terms, apply, settle

T0 = datetime(2026, 11, 30, 8, tzinfo=UTC)
SUBMITTED = Terms(quantity=500, deadline=date(2027, 1, 10))


def amendment(quantity: int, *, sequence: int | None, second: int) -> Amendment:
    stamp = Stamp(T0 + timedelta(seconds=second), uuid.uuid4(), sequence)
    return Amendment(quantity, date(2027, 1, 10), stamp)


# the office amended to 300 (sequence 2) and then to 200 (sequence 3), but the host that
# published the second one runs a second behind
FIRST = amendment(300, sequence=2, second=1)
SECOND = amendment(200, sequence=3, second=0)


def test_in_either_arrival_order_the_later_sequence_wins_over_a_skewed_clock() -> None:
    assert apply(apply(SUBMITTED, FIRST), SECOND).quantity == 200
    assert apply(apply(SUBMITTED, SECOND), FIRST).quantity == 200


def test_facts_waiting_for_their_order_settle_by_sequence() -> None:
    assert settle(SUBMITTED, [SECOND, FIRST]).quantity == 200
    assert settle(SUBMITTED, [FIRST, SECOND]).quantity == 200


def test_v1_facts_without_a_sequence_still_rank_by_occurred_at() -> None:
    older, newer = amendment(300, sequence=None, second=0), amendment(200, sequence=None, second=1)
    assert apply(apply(SUBMITTED, newer), older).quantity == 200
    assert settle(SUBMITTED, [newer, older]).quantity == 200


def test_repeating_an_amendment_changes_nothing() -> None:
    once = apply(SUBMITTED, SECOND)
    assert apply(once, SECOND) == once and apply(once, FIRST) == once

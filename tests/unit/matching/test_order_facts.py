"""Intake's facts about an order, delivered in any order and any number of times,
leave matching with the terms in-order delivery leaves."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from itertools import permutations

from hypothesis import given
from hypothesis import strategies as st

from services.matching.domain.order_facts import (
    Action,
    Amendment,
    Cancellation,
    Fact,
    Stamp,
    Terms,
    action,
    apply,
    settle,
)

T0 = datetime(2025, 4, 1, 8, tzinfo=UTC)
SUBMITTED = Terms(quantity=500, deadline=date(2025, 5, 1))
SUBMIT = None  # stands for the OrderSubmitted in a delivery


def stamp(second: int, event: int = 0) -> Stamp:
    return Stamp(T0 + timedelta(seconds=second), uuid.UUID(int=event or second + 1))


def amend(second: int, quantity: int, day: int = 1, event: int = 0) -> Amendment:
    return Amendment(quantity, date(2025, 5, day), stamp(second, event))


def deliver(events: list[Fact | None]) -> Terms | None:
    """What the handlers do, without the database: facts about an order not yet submitted
    wait (``park``); the submission settles them; later facts apply."""
    known: Terms | None = None
    parked: list[Fact] = []
    for e in events:
        if e is SUBMIT:
            known = known or settle(SUBMITTED, parked)
        elif known is None:
            parked.append(e)
        else:
            known = apply(known, e)
    return known


def in_order(facts: list[Fact]) -> Terms | None:
    return deliver([SUBMIT, *sorted(facts, key=lambda f: f.stamp)])


STORIES: list[list[Fact]] = [
    [amend(1, 300), amend(2, 300, day=9), Cancellation(stamp(3))],
    [amend(1, 300), amend(2, 700), amend(3, 200, day=20)],
    [Cancellation(stamp(5)), amend(1, 900)],
    [amend(1, 300, event=8), amend(1, 400, event=9)],  # equal clocks: the event id decides
]


def test_every_delivery_order_with_repeats_gives_the_in_order_terms() -> None:
    for facts in STORIES:
        expected = in_order(facts)
        for events in permutations([SUBMIT, SUBMIT, *facts, facts[0]]):
            assert deliver(list(events)) == expected, (facts, events)


def test_in_order_an_amendment_sets_the_terms_and_a_cancellation_ends_the_order() -> None:
    assert in_order(STORIES[0]) == Terms(300, date(2025, 5, 9), stamp(2), cancelled=True)
    assert in_order(STORIES[1]) == Terms(200, date(2025, 5, 20), stamp(3))
    assert in_order(STORIES[3]) == Terms(400, date(2025, 5, 1), stamp(1, 9))


def test_a_late_older_amendment_changes_nothing() -> None:
    newer = apply(SUBMITTED, amend(2, 700))
    assert apply(newer, amend(1, 300)) == newer
    assert action(newer, apply(newer, amend(1, 300))) is Action.NONE


def test_actions_keep_the_in_order_behaviour() -> None:
    amended = apply(SUBMITTED, amend(1, 300))
    assert action(SUBMITTED, amended) is Action.REMATCH
    cancelled = apply(amended, Cancellation(stamp(2)))
    assert action(amended, cancelled) is Action.CANCEL
    assert action(cancelled, apply(cancelled, Cancellation(stamp(2)))) is Action.NONE


def test_an_amendment_arriving_after_the_cancellation_is_recorded_but_never_matched() -> None:
    cancelled = apply(SUBMITTED, Cancellation(stamp(5)))
    after = apply(cancelled, amend(1, 300))
    assert after == Terms(300, SUBMITTED.deadline, stamp(1), cancelled=True)
    assert action(cancelled, after) is Action.RECORD


def test_an_amendment_repeating_the_terms_still_goes_back_to_the_matcher() -> None:
    """In order, every amendment withdraws open offers and re-matches, as before."""
    same = apply(SUBMITTED, amend(1, SUBMITTED.quantity))
    assert action(SUBMITTED, same) is Action.REMATCH


# Few distinct seconds, so equal clocks happen; event ids are unique like real ones.
stamps = st.builds(lambda s, e: Stamp(T0 + timedelta(seconds=s), e), st.integers(0, 3), st.uuids())
terms = (st.integers(1, 999), st.builds(date, st.just(2025), st.just(5), st.integers(1, 28)))
stories = st.lists(
    st.one_of(st.builds(Amendment, *terms, stamps), st.builds(Cancellation, stamps)),
    max_size=6,
)


@given(facts=stories, data=st.data())
def test_any_shuffle_of_any_story_gives_the_in_order_terms(facts: list[Fact], data) -> None:
    events: list[Fact | None] = [SUBMIT, *facts, *facts]
    shuffled = data.draw(st.permutations(events))
    assert deliver(shuffled) == in_order(facts)

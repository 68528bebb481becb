"""The matcher's batch limit follows load: small rounds when idle, larger under load,
smaller again when rounds run past their time budget."""

from services.matching.batching import BatchSizer


def test_a_round_that_was_not_full_leaves_the_limit_alone() -> None:
    sizer = BatchSizer(budget_seconds=0.1, limit=16)
    sizer.record(claimed=2, seconds=0.01)
    assert sizer.limit == 16


def test_full_cheap_rounds_grow_the_limit_at_most_doubling_up_to_the_largest() -> None:
    sizer = BatchSizer(budget_seconds=0.1, largest=100, limit=16)
    sizer.record(claimed=16, seconds=0.016)  # 1 ms an order: 100 would fit the budget
    assert sizer.limit == 32
    for _ in range(5):
        sizer.record(claimed=sizer.limit, seconds=0.001 * sizer.limit)
    assert sizer.limit == 100


def test_a_round_past_its_budget_shrinks_the_limit_in_proportion() -> None:
    sizer = BatchSizer(budget_seconds=0.1, smallest=8, limit=100)
    sizer.record(claimed=100, seconds=0.5)  # 5 ms an order: 20 fit the budget
    assert sizer.limit == 20
    sizer.record(claimed=20, seconds=2.0)  # a very slow round never goes below the smallest
    assert sizer.limit == 8


def test_an_idle_round_changes_nothing() -> None:
    sizer = BatchSizer(limit=24)
    sizer.record(claimed=0, seconds=0.2)
    assert sizer.limit == 24

"""The matcher's batch limit follows load: small rounds when idle, and under load the
round size that places orders at the lowest cost per order."""

from services.matching.batching import BatchSizer


def test_a_round_that_was_not_full_leaves_the_limit_alone() -> None:
    sizer = BatchSizer(budget_seconds=0.1, limit=16)
    sizer.record(claimed=2, seconds=0.01)
    sizer.record(claimed=15, seconds=3.0)
    assert sizer.limit == 16


def test_full_cheap_rounds_grow_the_limit_at_most_doubling_up_to_the_largest() -> None:
    sizer = BatchSizer(budget_seconds=0.1, largest=100, limit=16)
    sizer.record(claimed=16, seconds=0.016)  # 1 ms an order: 100 would fit the budget
    assert sizer.limit == 32
    for _ in range(5):
        sizer.record(claimed=sizer.limit, seconds=0.001 * sizer.limit)
    assert sizer.limit == 100


def test_behind_with_a_fixed_cost_per_round_the_limit_grows_to_the_largest() -> None:
    """Rounds that cost 1.5 s whatever their size (the bench at load 16): larger rounds
    place more orders a second. The old rule shrank the limit to the smallest, 8."""
    sizer = BatchSizer(budget_seconds=0.1, smallest=8, largest=100, limit=16)
    for _ in range(6):
        sizer.record(claimed=sizer.limit, seconds=1.5)
    assert sizer.limit == 100


def test_behind_with_a_cost_per_order_that_rises_with_the_round_it_goes_back() -> None:
    """A round of 32 costs 30 ms an order where 16 cost 10 ms: back to 16, and it stays
    there (trying 32 again now and then, as the load may have changed)."""
    sizer = BatchSizer(budget_seconds=0.1, smallest=8, largest=100, limit=16)
    cost = {8: 0.012, 16: 0.010, 32: 0.030, 64: 0.060, 100: 0.1}
    limits = []
    for _ in range(20):
        sizer.record(claimed=sizer.limit, seconds=cost[sizer.limit] * sizer.limit)
        limits.append(sizer.limit)
    assert max(limits) == 32
    assert limits.count(16) >= 16, limits


def test_an_idle_round_changes_nothing() -> None:
    sizer = BatchSizer(limit=24)
    sizer.record(claimed=0, seconds=0.2)
    assert sizer.limit == 24

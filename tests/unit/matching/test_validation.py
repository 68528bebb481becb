"""Bad domain input fails loudly at construction, before any matching."""

from dataclasses import replace

import pytest

from services.matching.domain import OnTimeHistory, Workforce, place_batch

from .builders import day, order, provider


@pytest.mark.parametrize(
    "changes",
    [
        {"quantity": 0},
        {"min_lot": 0},
        {"deadline": day(-1)},
        {"unit_fee_fen": -5},
        {"unit_fee_fen": 1.5},
    ],
)
def test_invalid_orders_are_rejected(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        replace(order(1, 5), **changes)  # type: ignore[arg-type]


def test_workforce_groups_cannot_exceed_the_total() -> None:
    with pytest.raises(ValueError):
        Workforce(total=5, low_income=6)


def test_late_jobs_cannot_exceed_delivered_jobs() -> None:
    with pytest.raises(ValueError):
        OnTimeHistory(delivered_jobs=2, late_jobs=3)


def test_negative_capacity_is_rejected() -> None:
    with pytest.raises(ValueError):
        provider(1, units=-1)


def test_a_batch_with_duplicate_order_ids_is_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate order_id"):
        place_batch([order(1, 5), order(1, 6)], [provider(1)])


def test_a_batch_with_duplicate_providers_is_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate provider"):
        place_batch([order(1, 5)], [provider(1), provider(1)])


def test_smallest_lot() -> None:
    assert order(1, 10, min_lot=3).smallest_lot == 3
    assert order(1, 2, min_lot=3).smallest_lot == 2
    assert order(1, 10, splittable=False).smallest_lot == 10

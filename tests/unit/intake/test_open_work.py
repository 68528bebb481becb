"""The public open-work board's rules: which orders are open, and the quantity shown only
as a band coarse enough not to identify an order."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.intake.domain.open_work import OPEN_STATUSES, OpenWork, QuantityBand, band_of
from services.intake.domain.status import OrderStatus
from services.intake.public_api import OpenWorkItem, _decode, _encode, _item
from shared.service.errors import InvalidInput


@pytest.mark.parametrize(
    ("quantity", "band"),
    [(1, QuantityBand.UNDER_500), (499, QuantityBand.UNDER_500), (500, QuantityBand.FROM_500),
     (1999, QuantityBand.FROM_500), (2000, QuantityBand.FROM_2000),
     (9999, QuantityBand.FROM_2000), (10_000, QuantityBand.FROM_10000)],
)  # fmt: skip
def test_quantity_bands(quantity: int, band: QuantityBand) -> None:
    assert band_of(quantity) is band


def test_only_work_not_yet_placed_or_started_is_open() -> None:
    assert OrderStatus.PLACED not in OPEN_STATUSES
    assert OrderStatus.IN_PRODUCTION not in OPEN_STATUSES
    assert OrderStatus.CANCELLED not in OPEN_STATUSES
    assert {OrderStatus.MATCHING, OrderStatus.UNMATCHED} <= OPEN_STATUSES


def test_a_public_item_has_no_exact_quantity_client_or_fee() -> None:
    item = _item(OpenWork("tea", 1234, "yiwu", date(2026, 3, 20)))
    assert set(OpenWorkItem.model_fields) == {"category", "quantity_band", "market", "deadline"}
    assert item.quantity_band is QuantityBand.FROM_500


def test_the_cursor_round_trips_and_a_forged_one_is_a_422() -> None:
    last = uuid.uuid4()
    cursor = _encode(last, OpenWork("tea", 1, "yiwu", date(2026, 3, 20)))
    assert _decode(cursor) == (date(2026, 3, 20), last)
    with pytest.raises(InvalidInput):
        _decode("bm90IGpzb24=")

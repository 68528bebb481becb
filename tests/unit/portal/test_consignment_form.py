"""The consignment form, to one lot or to several (the page shipping lots together)."""

from __future__ import annotations

from datetime import date

from services.portal.i18n import use_language
from services.portal.materials_forms import consignment

TODAY = date(2027, 3, 1)


def test_lines_to_several_lots_name_each_lot() -> None:
    form = {
        "job[]": ["a", "a", "b"],
        "item[]": ["beads", "thread", "beads"],
        "quantity[]": ["4", "", "6.5"],
        "carrier": "丽水顺达物流",
        "shipped_on": "",
    }
    body, errors, lines = consignment(form, TODAY)
    assert errors == {}
    assert body["lines"] == [
        {"job_id": "a", "item": "beads", "quantity": "4"},
        {"job_id": "b", "item": "beads", "quantity": "6.5"},
    ]  # the empty line is not sent
    assert body["shipped_on"] == "2027-03-01" and len(lines) == 3


def test_one_lot_takes_the_lot_from_the_page() -> None:
    form = {"item[]": "beads", "quantity[]": "2", "carrier": "x", "shipped_on": "2027-02-27"}
    body, errors, _ = consignment(form, TODAY, "lot-1")
    assert errors == {} and body["lines"] == [{"job_id": "lot-1", "item": "beads", "quantity": "2"}]


def test_refusals_are_beside_their_fields_in_chinese() -> None:
    form = {"job[]": ["a"], "item[]": ["beads"], "quantity[]": ["4,5"], "shipped_on": "2027-03-02"}
    with use_language("zh"):
        _, errors, _ = consignment(form, TODAY)
    assert set(errors) == {"quantity-0", "carrier", "shipped_on"}
    assert errors["carrier"] == "请填写承运方"

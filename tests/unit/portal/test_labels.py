"""One English word, two Chinese ones: a lot and an inspection are said in their context."""

from __future__ import annotations

from services.portal.i18n import use_language
from services.portal.i18n.labels import label, options


def test_an_open_lot_is_being_made_while_an_open_offer_waits_for_an_answer() -> None:
    with use_language("zh"):
        assert label("material_lot_state", "open") == "加工中"
        assert label("material_lot_state", "accepted") == "已验收"
        assert label("lot_state", "open") == "待回复"  # matching's offer lines
    with use_language("en"):
        assert label("material_lot_state", "open") == label("lot_state", "open") == "Open"


def test_the_office_accepts_goods_at_inspection_not_an_order() -> None:
    with use_language("zh"):
        assert options("decision")[0] == ("accept", "验收合格")
        assert label("decision", "reject_for_rework") == "退回返工"
    with use_language("en"):
        assert label("decision", "accept") == "Accept"

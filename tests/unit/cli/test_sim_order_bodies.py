"""The simulated offices write orders as Lishui's offices do: the product in Chinese (the
broker reads it on the offer card) and the materials the client supplies for them."""

from __future__ import annotations

import random
import re
from datetime import date
from decimal import Decimal

from services.cli import sim_orders

PLAN = sim_orders.DemandPlan.for_window(date(2027, 3, 1), 2, 40, 0.8)
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_orders_say_what_to_make_in_chinese_and_bring_their_materials() -> None:
    week = sim_orders.orders_for_week(random.Random(3), PLAN, 0)
    assert len(week) > 20  # the plan's 40 a week, shaped by the month
    for planned in week:
        body = planned.body
        said = body["description"]
        assert HAN.search(said) and not re.search(r"[A-Za-z]{3}", said)
        assert body["materials"], body["category"]
        for line, (item, per_piece, unit) in zip(
            body["materials"], sim_orders.SUPPLIED[body["category"]], strict=True
        ):
            assert (line["item"], line["unit"]) == (item, unit)
            assert Decimal(line["quantity"]) == per_piece * body["quantity"]


def test_every_simulated_category_supplies_materials() -> None:
    assert set(sim_orders.MIX) <= set(sim_orders.SUPPLIED) == set(sim_orders.PRODUCTS)

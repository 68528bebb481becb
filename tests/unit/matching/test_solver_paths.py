"""Which method places what, and the shape of the result the service layer reads."""

from services.matching.domain import County, Method, Strategy, Workforce, place_batch

from .builders import day, order, provider

CHEAP = provider(1, units=2, workforce=Workforce(total=10, low_income=10))
DEAR = provider(2, units=2, county=County.SONGYANG)


def test_a_lone_order_without_binding_lot_rules_takes_the_greedy_fast_path() -> None:
    o = order(1, 14)
    placement = place_batch([o], [CHEAP, DEAR]).for_order(o.order_id)
    assert placement.method is Method.GREEDY
    assert [(lot.provider_id, lot.units) for lot in placement.lots] == [
        (CHEAP.id, 10),
        (DEAR.id, 4),
    ]


def test_competing_orders_go_through_min_cost_flow() -> None:
    orders = [order(1, 6), order(2, 6)]
    result = place_batch(orders, [CHEAP, DEAR])
    assert {p.method for p in result.placements} == {Method.MIN_COST_FLOW}
    assert result.total_shortfall == 0


def test_independent_orders_are_solved_separately() -> None:
    from services.matching.domain import Category

    orders = [order(1, 6), order(2, 6, category=Category.CROCHET)]
    knitter = provider(3, category=Category.CROCHET, units=5)
    result = place_batch(orders, [CHEAP, knitter])
    assert [p.method for p in result.placements] == [Method.GREEDY, Method.GREEDY]


def test_lots_carry_schedule_days_and_cost() -> None:
    o = order(1, 5)
    (lot,) = place_batch([o], [CHEAP]).for_order(o.order_id).lots
    assert dict(lot.schedule) == {day(1): 2, day(2): 2, day(3): 1}
    assert (lot.units, lot.start_day, lot.end_day) == (5, day(1), day(3))
    assert lot.cost > 0 and lot.cost % 5 == 0


def test_placements_follow_the_given_order_and_totals_add_up() -> None:
    orders = [order(3, 4), order(1, 30), order(2, 4)]
    result = place_batch(orders, [CHEAP, DEAR])
    assert [p.order_id for p in result.placements] == [o.order_id for o in orders]
    assert result.total_cost == sum(p.cost for p in result.placements)
    assert result.total_shortfall == sum(p.shortfall for p in result.placements) == 18


def test_greedy_serves_earlier_deadlines_first() -> None:
    late, early = order(1, 10, deadline=6), order(2, 10, deadline=5)
    result = place_batch([late, early], [CHEAP], strategy=Strategy.GREEDY)
    assert result.for_order(early.order_id).placed == 8
    assert result.for_order(late.order_id).placed == 2

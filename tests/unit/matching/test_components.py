from services.matching.domain import Category, Market
from services.matching.domain.components import components
from services.matching.domain.problem import build_problem

from .builders import order, provider

A, B = provider(1), provider(2)
CROCHET = provider(3, category=Category.CROCHET)


def test_orders_sharing_a_provider_category_form_one_component() -> None:
    orders = [order(1, 5), order(2, 5), order(3, 5, category=Category.CROCHET)]
    parts = components(build_problem(orders, [A, B, CROCHET], {}))
    assert [[o.order_id.int for o in p.orders] for p in parts] == [[1001, 1002], [1003]]


def test_orders_without_candidates_are_their_own_components() -> None:
    orders = [order(1, 5, category=Category.KNITTING), order(2, 5, market=Market.NINGBO)]
    parts = components(build_problem(orders, [A], {}))
    assert [len(p.orders) for p in parts] == [1, 1]


def test_a_component_keeps_only_its_own_slots() -> None:
    orders = [order(1, 5), order(2, 5, category=Category.CROCHET)]
    first, second = components(build_problem(orders, [A, CROCHET], {}))
    assert {slot[0] for slot in first.capacity} == {A.id}
    assert {slot[0] for slot in second.capacity} == {CROCHET.id}

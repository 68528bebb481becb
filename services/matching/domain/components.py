"""Split a batch into groups of orders that compete for the same provider capacity.

Orders in different groups cannot affect each other, so each group is solved
on its own: small groups stay small for the exact solver, and a trivial group
(one order) can take the greedy fast path.
"""

from uuid import UUID

from services.matching.domain.problem import Problem


def _root(parent: dict[UUID, UUID], node: UUID) -> UUID:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def components(problem: Problem) -> list[Problem]:
    """Sub-problems in a deterministic order (by smallest order id)."""
    parent = {o.order_id: o.order_id for o in problem.orders}
    first_user: dict[object, UUID] = {}
    for opt in problem.options:
        shared_key = (opt.candidate.provider.id, opt.candidate.order.category)
        order_id = opt.key[0]
        other = first_user.setdefault(shared_key, order_id)
        parent[_root(parent, order_id)] = _root(parent, other)
    groups: dict[UUID, set[UUID]] = {}
    for order in problem.orders:
        groups.setdefault(_root(parent, order.order_id), set()).add(order.order_id)
    if len(groups) == 1:
        return [problem]  # one group (common when a batch shares a category): nothing to cut
    ordered = sorted(groups.values(), key=min)
    return [problem.restricted_to(frozenset(g)) for g in ordered]

"""A thin, typed wrapper on OR-Tools min-cost flow: nodes by key, arcs with a tag."""

from collections.abc import Hashable
from typing import Generic, TypeVar

from ortools.graph.python import min_cost_flow

Tag = TypeVar("Tag")


class FlowNetwork(Generic[Tag]):
    def __init__(self) -> None:
        self._nodes: dict[Hashable, int] = {}
        self._supply: dict[int, int] = {}
        self._arcs: list[tuple[int, int, int, int, Tag | None]] = []

    def node(self, key: Hashable) -> int:
        return self._nodes.setdefault(key, len(self._nodes))

    def supply(self, key: Hashable, units: int) -> None:
        node = self.node(key)
        self._supply[node] = self._supply.get(node, 0) + units

    def arc(self, tail: Hashable, head: Hashable, cap: int, cost: int, tag: Tag | None) -> None:
        self._arcs.append((self.node(tail), self.node(head), cap, cost, tag))

    def solve(self) -> list[tuple[Tag, int]] | None:
        """(tag, flow) of every tagged arc carrying flow, or None unless optimal."""
        solver = min_cost_flow.SimpleMinCostFlow()
        for tail, head, cap, cost, _ in self._arcs:
            solver.add_arc_with_capacity_and_unit_cost(tail, head, cap, cost)
        for node in range(len(self._nodes)):
            solver.set_node_supply(node, self._supply.get(node, 0))
        if solver.solve() != solver.OPTIMAL:
            return None
        return [
            (arc[4], solver.flow(i))
            for i, arc in enumerate(self._arcs)
            if arc[4] is not None and solver.flow(i) > 0
        ]

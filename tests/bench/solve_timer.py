"""Time spent inside OR-Tools ``SimpleMinCostFlow.solve`` while the matcher runs.

The matcher's flow modules (flow.py, and network.py for pruned batches) are
given a stand-in for ``min_cost_flow`` whose networks are the real ones, with
``solve`` wrapped by a clock: the time is taken on exactly the graph the
matcher built, and on nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any
from unittest import mock

from ortools.graph.python import min_cost_flow

from services.matching.domain import flow, network


class _TimedNetwork:
    def __init__(self, clock: list[float], arcs: list[int], now: Callable[[], float]) -> None:
        self._net = min_cost_flow.SimpleMinCostFlow()
        self._clock, self._arcs, self._now = clock, arcs, now

    def __getattr__(self, name: str) -> Any:
        return getattr(self._net, name)

    def solve(self) -> Any:
        self._arcs.append(self._net.num_arcs())
        t0 = self._now()
        status = self._net.solve()
        self._clock.append(self._now() - t0)
        return status


@contextmanager
def solve_times(
    now: Callable[[], float] = time.perf_counter,
) -> Iterator[tuple[list[float], list[int]]]:
    """Seconds of every solve() call inside the block (wall, or ``now``'s clock, e.g.
    time.process_time), and the arcs of each graph."""
    clock: list[float] = []
    arcs: list[int] = []
    stand_in = SimpleNamespace(SimpleMinCostFlow=lambda: _TimedNetwork(clock, arcs, now))
    with (
        mock.patch.object(flow, "min_cost_flow", stand_in),
        mock.patch.object(network, "min_cost_flow", stand_in),
    ):
        yield clock, arcs

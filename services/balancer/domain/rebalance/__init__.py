"""The rebalancing problem, its solvers (min-cost flow, greedy), the plan and what to propose."""

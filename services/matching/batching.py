"""How many pending orders the matcher's next round claims.

A round claims every order waiting, up to a limit. When the matcher is idle only
one or two orders wait, so rounds are small and an order is offered as soon as it
arrives. Under load orders queue, and the limit follows the measured cost of a
round: a full round that took longer than the time budget shrinks the limit in
proportion, one well inside it lets the limit grow (at most doubling a round).
The solver's cost per order grows with the batch (more orders share more slots,
and past a few dozen orders lot repair often runs), while each round also pays a
fixed cost in reads and commits; rounds of about the budget's length balance the
two and bound how long an order waits behind a round already running.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BatchSizer:
    budget_seconds: float = 0.1
    smallest: int = 8
    largest: int = 100
    limit: int = 16

    def __post_init__(self) -> None:
        self.limit = max(self.smallest, min(self.largest, self.limit))

    def record(self, claimed: int, seconds: float) -> None:
        """After a round: ``claimed`` orders took ``seconds``."""
        if claimed == 0:
            return
        per_order = max(seconds, 1e-6) / claimed
        fits = int(self.budget_seconds / per_order)
        if claimed < self.limit and fits >= self.limit:
            return  # not a full round: it says nothing about a larger one
        self.limit = max(self.smallest, min(self.largest, fits, 2 * self.limit))

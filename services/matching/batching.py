"""How many pending orders the matcher's next round claims.

A round claims every order waiting, up to a limit. When the matcher keeps up only
one or two orders wait, so rounds are small and an order is offered as soon as it
arrives: the limit does not matter then. It matters when orders queue (a round
comes back full), and then it should place them at the lowest cost per order:

- full rounds inside the time budget let the limit grow (at most doubling a
  round), as before;
- full rounds past the budget mean the matcher is behind. A round pays a large
  fixed cost (reading the category's providers and calendars, the freight
  budget's probes, the commit): measured on the bench at load 16, rounds of 1, 2
  and 8 orders all took 1.0-2.0 s. Shrinking such rounds (the old rule) cut the
  matcher to 8 orders a round and about 5 orders/s while 64/s arrived. So the
  limit doubles toward the largest while larger rounds cost less per order
  (or have not been measured), goes back to half when a full round at half the
  limit cost less per order (the solver's own cost per order grows with the
  batch, and past a few dozen orders lot repair often runs), and otherwise stays,
  measuring the larger limit again now and then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RETRY_AFTER = 8


@dataclass
class BatchSizer:
    budget_seconds: float = 0.1
    smallest: int = 8
    largest: int = 100
    limit: int = 16
    # Seconds per order of full rounds, by limit (a running mean of the last rounds).
    per_order: dict[int, float] = field(default_factory=dict)
    # Full rounds past the budget spent at this limit: every RETRY_AFTER of them the
    # larger limit is measured again (the load, and with it the costs, change).
    stayed: int = 0

    def __post_init__(self) -> None:
        self.limit = max(self.smallest, min(self.largest, self.limit))

    def record(self, claimed: int, seconds: float) -> None:
        """After a round: ``claimed`` orders took ``seconds``."""
        if claimed < self.limit:
            return  # not a full round: nothing waited behind it
        cost = max(seconds, 1e-6) / claimed
        known = self.per_order.get(self.limit)
        self.per_order[self.limit] = cost if known is None else (known + cost) / 2
        if seconds <= self.budget_seconds:
            fits = int(self.budget_seconds / cost)
            self.limit = max(self.smallest, min(self.largest, fits, 2 * self.limit))
            return
        here = self.per_order[self.limit]
        half, double = max(self.smallest, self.limit // 2), min(self.largest, 2 * self.limit)
        self.stayed += 1
        if self.stayed % RETRY_AFTER == 0:
            self.per_order.pop(double, None)
        if half < self.limit and self.per_order.get(half, float("inf")) < here:
            self.limit, self.stayed = half, 0
        elif self.per_order.get(double, 0.0) < here:  # lower, or not measured yet
            self.limit, self.stayed = double, 0

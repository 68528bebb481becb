"""What every benchmark gets: the size preset and figures other rows may reuse."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Context:
    quick: bool
    # e.g. "intake_max_per_s", measured by row 1 and reused by row 2.
    shared: dict[str, float] = field(default_factory=dict)

    def pick(self, quick: int, full: int) -> int:
        return quick if self.quick else full

    def seconds(self, quick: float, full: float) -> float:
        return quick if self.quick else full

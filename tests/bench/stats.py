"""Percentiles, and ratios of interleaved runs summarised as a median and a spread."""

from __future__ import annotations

import statistics
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Ratio:
    """Per-round ratios subject / baseline: the median, and the lowest and highest."""

    median: float
    low: float
    high: float
    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Ratio:
        return cls(statistics.median(values), min(values), max(values), tuple(values))

    @property
    def spread(self) -> str:
        return f"{self.low:.3g}–{self.high:.3g} (n={len(self.values)})"


def ratios(pairs: Sequence[tuple[T, T]], metric: Callable[[T], float]) -> Ratio:
    """Ratio of `metric` per round, subject over baseline."""
    return Ratio.of([metric(subject) / metric(base) for base, subject in pairs])


async def interleaved(
    baseline: Callable[[], Awaitable[T]], subject: Callable[[], Awaitable[T]], rounds: int
) -> list[tuple[T, T]]:
    """Alternate baseline and subject (ABBA order, so drift cancels); (base, subject) per round."""
    pairs = []
    for n in range(rounds):
        if n % 2 == 0:
            base = await baseline()
            subj = await subject()
        else:
            subj = await subject()
            base = await baseline()
        pairs.append((base, subj))
    return pairs


async def rotated(
    runs: Mapping[str, Callable[[], Awaitable[float]]], rounds: int
) -> list[dict[str, float]]:
    """Every run once per round, the order rotated each round; {name: result} per round."""
    names = list(runs)
    out = []
    for n in range(rounds):
        order = names[n % len(names) :] + names[: n % len(names)]
        out.append({name: await runs[name]() for name in order})
    return out

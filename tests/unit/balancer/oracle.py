"""Independent optima for the rebalancing tests, sharing no code with the optimiser.

Days are plain integers (0 = today). Two oracles:
- `exhaustive_late`: tries every integer split of every day's capacity among the
  jobs it may serve (memoised on the units still open). No scheduling theory.
- `enumerated_late`: for one lender, tries every count of units moved per job;
  home and lender are scored by a hand-written earliest-deadline rule. Checked
  against `exhaustive_late` on small instances, then used where that is too slow.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import product


@dataclass(frozen=True)
class OJob:
    name: str
    home: str
    units: int
    release: int
    deadline: int


@dataclass(frozen=True)
class OLender:
    name: str
    capacity: tuple[int, ...]
    transit: dict[str, int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class OInstance:
    jobs: tuple[OJob, ...]
    home: dict[str, tuple[int, ...]] = field(hash=False)
    lenders: tuple[OLender, ...] = ()

    def total(self) -> int:
        return sum(j.units for j in self.jobs)


def lender_serves(job: OJob, lender: OLender, day: int) -> bool:
    t = lender.transit[job.home]
    return job.release + t <= day <= job.deadline - t


def _slots(inst: OInstance) -> list[tuple[int, list[int]]]:
    slots = []
    for home, caps in inst.home.items():
        for day, cap in enumerate(caps):
            ok = [i for i, j in enumerate(inst.jobs) if j.home == home]
            ok = [i for i in ok if inst.jobs[i].release <= day <= inst.jobs[i].deadline]
            slots.append((cap, ok))
    for lender in inst.lenders:
        for day, cap in enumerate(lender.capacity):
            slots.append(
                (cap, [i for i, j in enumerate(inst.jobs) if lender_serves(j, lender, day)])
            )
    return [(cap, ok) for cap, ok in slots if cap > 0 and ok]


def _splits(cap: int, ok: list[int], left: tuple[int, ...]) -> Iterator[dict[int, int]]:
    for counts in product(*(range(min(cap, left[i]) + 1) for i in ok)):
        if sum(counts) <= cap:
            yield dict(zip(ok, counts, strict=True))


def exhaustive_late(inst: OInstance) -> int:
    slots = _slots(inst)

    @cache
    def best(k: int, left: tuple[int, ...]) -> int:
        if k == len(slots) or not any(left):
            return 0
        cap, ok = slots[k]
        options = []
        for split in _splits(cap, ok, left):
            rest = tuple(u - split.get(i, 0) for i, u in enumerate(left))
            options.append(sum(split.values()) + best(k + 1, rest))
        return max(options)

    return inst.total() - best(0, tuple(j.units for j in inst.jobs))


def edf_on_time(tasks: list[tuple[int, int, int]], caps: tuple[int, ...]) -> int:
    """Units finished on time: each day serve released, not-yet-due work, nearest deadline first."""
    left = [units for units, _, _ in tasks]
    done = 0
    for day, cap in enumerate(caps):
        open_ = [i for i, (_, rel, dl) in enumerate(tasks) if rel <= day <= dl and left[i]]
        for i in sorted(open_, key=lambda i: tasks[i][2]):
            take = min(cap, left[i])
            cap, left[i], done = cap - take, left[i] - take, done + take
    return done


def enumerated_late(inst: OInstance) -> int:
    """Fewest late units over every integer count of units moved per job to the one lender."""
    (lender,) = inst.lenders
    best = inst.total()
    for moved in product(*(range(_movable(inst, j, lender) + 1) for j in inst.jobs)):
        if _lender_feasible(inst, lender, moved):
            best = min(best, _home_late(inst, moved))
    return best


def _movable(inst: OInstance, job: OJob, lender: OLender) -> int:
    days = range(len(lender.capacity))
    return min(job.units, sum(lender.capacity[d] for d in days if lender_serves(job, lender, d)))


def _lender_feasible(inst: OInstance, lender: OLender, moved: tuple[int, ...]) -> bool:
    tasks = [
        (m, j.release + lender.transit[j.home], j.deadline - lender.transit[j.home])
        for j, m in zip(inst.jobs, moved, strict=True)
        if m
    ]
    return edf_on_time(tasks, lender.capacity) == sum(moved)


def _home_late(inst: OInstance, moved: tuple[int, ...]) -> int:
    late = 0
    for home, caps in inst.home.items():
        tasks = [
            (j.units - m, j.release, j.deadline)
            for j, m in zip(inst.jobs, moved, strict=True)
            if j.home == home
        ]
        late += sum(t[0] for t in tasks) - edf_on_time(tasks, caps)
    return late

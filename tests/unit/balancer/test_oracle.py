"""The two oracles agree: the enumerated one may be trusted where the exhaustive one is slow."""

import random

import pytest

from tests.unit.balancer.oracle import (
    OInstance,
    OJob,
    OLender,
    edf_on_time,
    enumerated_late,
    exhaustive_late,
)


def random_instance(rng: random.Random, lenders: int = 1, days: int = 5) -> OInstance:
    jobs = []
    for k in range(rng.randint(2, 4)):
        release = rng.randint(0, 2)
        deadline = rng.randint(release, days - 1)
        jobs.append(OJob(f"j{k}", rng.choice(["h1", "h2"]), rng.randint(1, 5), release, deadline))
    home = {h: tuple(rng.randint(0, 2) for _ in range(days)) for h in ("h1", "h2")}
    lend = tuple(
        OLender(
            f"l{k}",
            tuple(rng.randint(0, 3) for _ in range(days)),
            {"h1": rng.randint(0, 1), "h2": rng.randint(0, 2)},
        )
        for k in range(lenders)
    )
    return OInstance(tuple(jobs), home, lend)


@pytest.mark.parametrize("seed", range(25))
def test_enumeration_matches_exhaustive_search(seed: int) -> None:
    inst = random_instance(random.Random(seed))
    assert enumerated_late(inst) == exhaustive_late(inst)


def test_exhaustive_search_on_a_hand_case() -> None:
    # A: 15 units due day 1, B: 5 due day 2, 5 a day: A loses 5, B none.
    inst = OInstance((OJob("a", "h", 15, 0, 1), OJob("b", "h", 5, 0, 2)), {"h": (5, 5, 5)})
    assert exhaustive_late(inst) == 5
    assert edf_on_time([(15, 0, 1), (5, 0, 2)], (5, 5, 5)) == 15

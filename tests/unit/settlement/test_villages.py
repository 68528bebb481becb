"""Village awards: the default professional-village rule, and the top three with tie-breaks."""

from __future__ import annotations

from services.settlement.adapters.policy_files import load_policies
from services.settlement.domain.policy.villages import (
    VillageYear,
    is_professional,
    new_professional_villages,
    top_villages,
)

POLICY = load_policies().get("suichang-2009")


def village(
    name: str, fee_yuan: int, workers: int = 150, low: int = 10, ents: int = 2
) -> VillageYear:
    return VillageYear(
        township="xinlu",
        village=name,
        fee_fen=fee_yuan * 100,
        workers=workers,
        low_income_workers=low,
        enterprises=ents,
    )


def test_professional_village_boundaries() -> None:
    assert is_professional(POLICY, village("a", 500_001))
    assert not is_professional(POLICY, village("b", 500_000))  # exactly: not more than
    assert not is_professional(POLICY, village("c", 900_000, workers=100))
    assert not is_professional(POLICY, village("d", 900_000, ents=1))


def test_new_professional_village_is_paid_once() -> None:
    year = [village("a", 600_000), village("b", 700_000)]
    first = new_professional_villages(POLICY, year, already=set())
    assert [(v.village, line.amount_fen) for v, line in first] == [
        ("a", 3_000_000),
        ("b", 3_000_000),
    ]
    again = new_professional_villages(POLICY, year, already={"xinlu/a"})
    assert [v.village for v, _ in again] == ["b"]


def test_top_three_with_tie_breaks() -> None:
    year = [
        village("zhu", 300_000, low=5),
        village("an", 300_000, low=5),  # same fee and low-income: by name
        village("mei", 300_000, low=9),  # same fee, more low-income: first
        village("big", 900_000, low=0),
        village("none", 0),
    ]
    placed = top_villages(POLICY, year)
    assert [(v.village, line.amount_fen) for v, line in placed] == [
        ("big", 1_000_000),
        ("mei", 500_000),
        ("an", 300_000),
    ]
    assert placed[1][1].rule == "suichang-2009/villages.top_2"


def test_fewer_than_three_earning_villages_get_fewer_places() -> None:
    assert len(top_villages(POLICY, [village("a", 1), village("b", 0)])) == 1

"""Policy files are validated on load; an invalid one stops with the file and the fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.settlement.adapters.policy_files import POLICY_DIR, PolicyFileError, load_policies
from services.settlement.domain.policy.catalogue import UnknownPolicy
from shared.region.counties import County

SUICHANG = json.loads((POLICY_DIR / "suichang-2009.json").read_text())


def _write(tmp_path: Path, doc: dict[str, object], name: str = "suichang-2009.json") -> Path:
    (tmp_path / name).write_text(json.dumps(doc))
    return tmp_path


def test_the_shipped_policy_is_the_case_exactly() -> None:
    p = load_policies().get("suichang-2009")
    general = [
        (t.fee_more_than_fen, t.workers_more_than, t.award_fen)
        for t in p.broker_awards.general.tiers
    ]
    assert general == [
        (20_000_000, 100, 200_000),
        (50_000_000, 300, 500_000),
        (100_000_000, 500, 1_000_000),
    ]
    machinery = [
        (t.fee_more_than_fen, t.workers_more_than, t.award_fen)
        for t in p.broker_awards.machinery.tiers
    ]
    assert machinery == [
        (50_000_000, 40, 200_000),
        (100_000_000, 80, 500_000),
        (150_000_000, 120, 1_000_000),
    ]
    assert p.broker_awards.general.case_by_case_fee_more_than_fen == 200_000_000
    assert p.broker_awards.machinery.case_by_case_fee_more_than_fen == 300_000_000
    assert p.villages.top_villages_fen == (1_000_000, 500_000, 300_000)
    assert p.villages.new_professional_village_fen == 3_000_000


def test_in_force_is_the_newest_policy_whose_year_has_come() -> None:
    policies = load_policies()
    assert policies.in_force(County.SUICHANG, 2026).policy_id == "suichang-2009"
    assert policies.in_force(County.JINYUN, 2026).policy_id == "suichang-2009"  # the default
    with pytest.raises(UnknownPolicy):
        policies.in_force(County.SUICHANG, 2008)


def test_a_tier_out_of_order_stops_the_load(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(SUICHANG))
    doc["broker_awards"]["general"]["tiers"].reverse()
    with pytest.raises(PolicyFileError, match=r"suichang-2009.json.*broker_awards.general.*rise"):
        load_policies(_write(tmp_path, doc))


def test_an_unknown_field_stops_the_load(tmp_path: Path) -> None:
    doc = {**SUICHANG, "bonus": 1}
    with pytest.raises(PolicyFileError, match="bonus"):
        load_policies(_write(tmp_path, doc))


def test_a_file_named_for_another_policy_stops_the_load(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match=r"must be named suichang-2009\.json"):
        load_policies(_write(tmp_path, SUICHANG, "suichang-2010.json"))


def test_an_empty_directory_stops_the_load(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="no policy files"):
        load_policies(tmp_path)


def test_a_missing_default_stops_the_load(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="default policy jinyun-2010"):
        load_policies(_write(tmp_path, SUICHANG), default_id="jinyun-2010")

"""The freight budget is a setting of matching, bounded to 0-100 %."""

import pytest
from pydantic import ValidationError

from services.matching.config import MatchingSettings


def test_default_is_two_percent() -> None:
    assert MatchingSettings().matcher_freight_budget_basis_points == 200


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCNET_MATCHER_FREIGHT_BUDGET_BASIS_POINTS", "350")
    assert MatchingSettings().matcher_freight_budget_basis_points == 350


@pytest.mark.parametrize("bad", ["-1", "10001"])
def test_out_of_range_is_refused(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("PROCNET_MATCHER_FREIGHT_BUDGET_BASIS_POINTS", bad)
    with pytest.raises(ValidationError):
        MatchingSettings()

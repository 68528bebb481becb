"""`procnet simulate --compare-priority` against real intake, matching and balancer: the
same seeded season twice, the second with matching's freight budget at 0 %, side by side;
the setting is put back afterwards."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from services.cli import seed as seeding
from services.cli.api import Api, Urls
from services.cli.main import app
from shared.region import clock
from tests.support.services import RunningService
from tests.support.tokens import admin

pytestmark = pytest.mark.integration


def _get(url: str, path: str, **params: Any) -> Any:
    r = httpx.get(url + path, headers=admin(), params=params, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_compare_priority_runs_the_season_twice_and_restores_the_budget(
    intake: RunningService,
    matching: RunningService,
    balancer: RunningService,
    settlement: RunningService,
    tmp_path: Path,
) -> None:
    urls = Urls(intake.url, matching.url, balancer.url, settlement.url)

    async def seed() -> None:
        async with Api(urls) as api:
            await seeding.seed(api)

    asyncio.run(seed())
    setting = {"default_percent": 3.5, "counties": {"qingyuan": 5.0}}
    r = httpx.put(matching.url + "/v1/budget", headers=admin(), json=setting, timeout=30)
    assert r.status_code == 200, r.text
    before = _get(matching.url, "/v1/budget/batches", limit=1)
    newest = before[0]["id"] if before else 0

    args = ["simulate", "--weeks", "1", "--orders-per-week", "4", "--seed", "11", "--load", "0.2"]
    start = clock.today() + timedelta(days=7 - clock.today().weekday())
    args += ["--start", str(start), "--transfer-wait", "1", "--report-dir", str(tmp_path)]
    args += ["--compare-priority", "--no-balancer-compare"]
    env = {f"PROCNET_{s.name.upper()}_URL": s.url for s in (intake, matching, balancer)}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output + repr(result.exception)

    report = (tmp_path / "report.md").read_text()
    assert "## The low-income priority: with and without" in report
    assert f"| season starts | {start} | " in report
    assert "freight budget 3.5% by default; qingyuan 5.0%" in report
    assert "| share of fees reaching low-income households |" in report
    assert "| freight as a share of fees |" in report
    # the second run's batches were solved at 0 %, the first run's at the setting's rates
    batches = [b for b in _get(matching.url, "/v1/budget/batches", limit=1000) if b["id"] > newest]
    rates = {b["budget_percent"] for b in batches}
    assert 0 in rates and rates - {0}, rates
    assert _get(matching.url, "/v1/budget") == setting  # put back

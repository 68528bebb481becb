"""On the real stack: who the money reached, over HTTP (admin only) and in the CLI."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.identity import Role
from shared.region import clock
from tests.integration.settlement.conftest import Upstream
from tests.support.services import RunningService
from tests.support.stack import ROOT
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_impact_shares_by_workforce_and_the_cli_shows_the_case_beside(
    http: httpx.AsyncClient, upstream: Upstream, settlement: RunningService
) -> None:
    provider, order_id, today = uuid.uuid4(), uuid.uuid4(), clock.today()
    await upstream.publish(
        m.ProviderRegistered(
            provider_id=provider, name="Yunhe toys", county="yunhe", township="Chishi",
            village="Chishi", mode="home", categories={"crochet": 10},
            workforce=m.Workforce(total=8, low_income=2, disabled=4), auto_accept=False,
        ),
        provider,
    )  # fmt: skip
    await upstream.publish(
        o.OrderSubmitted(
            order_id=order_id, office_id=uuid.uuid4(), client_id=uuid.uuid4(), category="crochet",
            description="hats", quantity=40, unit_fee_fen=201, materials_ready=today,
            deadline=today + timedelta(days=9), origin_market="wenzhou", splittable=False,
            min_lot=40,
        ),
        order_id,
    )  # fmt: skip
    await upstream.publish(
        m.JobDelivered(
            job_id=uuid.uuid4(), order_id=order_id, provider_id=provider, good_units=40,
            defective_units=0, delivered_on=today, late=False,
        ),
        order_id,
    )  # fmt: skip
    params: dict[str, str | int] = {"year": today.year, "county": "yunhe"}

    async def yunhe() -> dict[str, Any]:
        answer: dict[str, Any] = (
            await http.get("/v1/impact", params=params, headers=admin())
        ).json()
        return answer

    found = await eventually(yunhe, lambda f: f["totals"]["fees_fen"] >= 8_040, what="fees")
    assert found["totals"]["enterprises"] >= 1
    assert found["case_2010"] == {  # the case's figures, beside ours
        "fees_fen": 23_000_000_000, "villages": 950, "low_income_households": 21_000,
        "reservoir_migrants": 11_000, "relocated_farmers": 12_000,
    }  # fmt: skip
    forbidden = await http.get("/v1/impact", params=params, headers=bearer(provider, Role.PROVIDER))
    assert forbidden.status_code == 403

    env = {**os.environ, "PROCNET_SETTLEMENT_URL": settlement.url}
    cli = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "services.cli", "impact", "--county", "yunhe"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    assert "Lishui 2010 (case)" in cli.stdout and "230,000,000.00" in cli.stdout
    assert "yunhe" in cli.stdout

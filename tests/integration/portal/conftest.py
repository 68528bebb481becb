"""The portal on the test stack: real intake, matching and balancer processes, the portal
process in front of them, and a real Chromium (tests/support/browser.py).

Organisations are made through the services' admin APIs with a secret each, so the tests
sign in through the login form as a person does.
"""

from __future__ import annotations

import asyncio
import os
import string
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from shared.identity import Role
from tests.support.browser import chromium, new_context, wait_until
from tests.support.services import RunningService, running_module
from tests.support.stack import ROOT
from tests.support.tokens import admin, bearer


@pytest.fixture(scope="session")
def portal(
    intake: RunningService,
    matching: RunningService,
    balancer: RunningService,
    settlement: RunningService,
    fulfilment: RunningService,
) -> Iterator[RunningService]:
    logs = Path(os.environ.get("PROCNET_STATE_DIR", ROOT / ".state" / "test")) / "logs"
    env = {
        "PROCNET_INTAKE_URL": intake.url,
        "PROCNET_MATCHING_URL": matching.url,
        "PROCNET_BALANCER_URL": balancer.url,
        "PROCNET_SETTLEMENT_URL": settlement.url,
        "PROCNET_FULFILMENT_URL": fulfilment.url,
        # Live updates on whatever this process's environment says (the full run once
        # inherited "false" from a unit test's setting and every /live answered 503).
        "PROCNET_PORTAL_LIVE": "true",
    }
    with running_module("portal", "services.portal", "PROCNET_PORTAL_PORT", logs, env) as s:
        yield s


@pytest.fixture(scope="package")
def browser(portal: RunningService) -> Iterator[Browser]:
    # Playwright's sync API marks an event loop as running in this thread while the browser
    # is open: every service (whose fixtures call asyncio.run) starts before it, and it
    # closes with this package so the async tests after it get their own loop back.
    with chromium() as (_, found):
        yield found
    asyncio._set_running_loop(None)


@pytest.fixture(params=["zh", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    """Each journey runs in Chinese and in English."""
    return str(request.param)


@pytest.fixture
def context(browser: Browser, portal: RunningService, lang: str) -> Iterator[BrowserContext]:
    ctx = new_context(browser, portal.url, lang=lang)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@dataclass
class OfficeLogin:
    id: uuid.UUID
    secret: str
    name: str
    client_id: uuid.UUID
    client_name: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.id, Role.OFFICE)


def register_office(intake: RunningService) -> OfficeLogin:
    """A liaison office with a secret and one client, made through intake's API."""
    office_id = uuid.uuid4()
    name = f"遂昌县义乌联络处 {office_id.hex[:6]}"
    with httpx.Client(base_url=intake.url, timeout=30) as http:
        body = {"id": str(office_id), "name": name, "county": "suichang", "market": "yiwu"}
        made = http.post("/v1/offices", json=body, headers=admin())
        assert made.status_code == 201, made.text
        client_name = f"义乌饰品有限公司 {office_id.hex[:4]}"
        client = http.post(
            "/v1/clients",
            json={"name": client_name, "contact": "陈女士 138-0000-0000", "home_market": "yiwu"},
            headers=bearer(office_id, Role.OFFICE),
        )
        assert client.status_code == 201, client.text
    return OfficeLogin(
        office_id, made.json()["secret"], name, uuid.UUID(client.json()["id"]), client_name
    )


@pytest.fixture
def office(intake: RunningService) -> OfficeLogin:
    return register_office(intake)


def letters(n: int, seed: object) -> str:
    return "".join(Random(str(seed)).choices(string.ascii_lowercase, k=n))


@pytest.fixture(scope="session")
def portal_category(intake: RunningService, matching: RunningService) -> str:
    """A catalogue category of the portal tests alone, with one broker who makes it, so an
    order in it is offered to that broker (MATCHING) and to no one else's provider."""
    _, code = provider_alone(intake, matching, "portal", ("Portal test beads", "门户测试串珠"))
    return code


def provider_alone(
    intake: RunningService,
    matching: RunningService,
    prefix: str,
    names: tuple[str, str],
    **body: object,
) -> tuple[dict[str, Any], str]:
    """(matching's answer, category code): a provider registered alone in a new category
    (named ``names`` in en and zh), so an order in it is offered to that provider alone.
    ``body`` overrides fields of ``provider_body``."""
    code = f"{prefix}_{letters(8, uuid.uuid4())}"
    found: list[dict[str, Any]] = []
    with httpx.Client(timeout=30) as http:
        made = http.post(
            f"{intake.url}/v1/categories",
            json={"code": code, "name_en": names[0], "name_zh": names[1]},
            headers=admin(),
        )
        assert made.status_code == 201, made.text

        def registered() -> bool:  # matching learns the category from Kafka
            answer = http.post(
                f"{matching.url}/v1/providers",
                json={**provider_body(code), **body},
                headers=admin(),
            )
            if answer.status_code == 201:
                found.append(answer.json())
            return bool(found)

        wait_until(registered, timeout=30, what="matching knows the category")
    return found[0], code


def provider_body(category: str) -> dict[str, object]:
    return {
        "name": f"松阳县串珠加工点 {uuid.uuid4().hex[:6]}",
        "broker_name": "叶师傅",
        "contact": "139-0000-0000",
        "county": "songyang",
        "township": "西屏街道",
        "village": "横山村",
        "mode": "centre",
        "categories": {category: 500},
        "workforce": {"total": 40, "low_income": 12},
        "auto_accept": False,
    }

"""State for the money and materials pages, made through the services' own APIs as their
integration tests do: a broker with a secret (in a county and category of its own), an
order from an office, the broker's accepted job, a delivery."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from playwright.sync_api import BrowserContext

from services.portal.config import PortalSettings
from services.portal.session import COOKIE, Session, SessionCodec
from shared.identity import Role, issue_token
from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin, provider_alone
from tests.support.browser import wait_until
from tests.support.services import RunningService
from tests.support.tokens import admin, bearer, keys


@dataclass
class Broker:
    id: uuid.UUID
    secret: str
    category: str
    name: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.id, Role.PROVIDER)


def new_broker(
    intake: RunningService, matching: RunningService, *, county: str = "suichang", workers: int = 40
) -> Broker:
    """A broker alone in a new category (so an order in it is offered to it alone)."""
    workforce = {"total": workers, "low_income": workers // 4}
    place = {"county": county, "township": "妙高街道", "village": "上江村"}
    found, code = provider_alone(
        intake,
        matching,
        "money",
        ("Money test beads", "结算测试串珠"),
        **place,
        workforce=workforce,
    )
    provider = found["id"]
    with httpx.Client(timeout=30) as http:
        rotated = http.post(f"{matching.url}/v1/providers/{provider}/secret", headers=admin())
        assert rotated.status_code == 200, rotated.text
    return Broker(uuid.UUID(provider), rotated.json()["secret"], code, found["name"])


def accepted_job(
    intake: RunningService,
    matching: RunningService,
    office: OfficeLogin,
    broker: Broker,
    *,
    quantity: int,
    fee: str,
    materials: list[dict[str, str]] | None = None,
    tolerance: str = "0",
) -> tuple[str, str]:
    """An order in the broker's category, the offer it gets, accepted: (order id, job id)."""
    today = clock.today()
    body = {
        "client_id": str(office.client_id), "category": broker.category,
        "description": "串珠发夹 YW-2231", "quantity": quantity, "unit_fee_cny": fee,
        "materials_ready": today.isoformat(), "deadline": (today + timedelta(days=30)).isoformat(),
        "origin_market": "yiwu", "min_lot": quantity, "defect_tolerance_pct": tolerance,
        "materials": materials or [],
    }  # fmt: skip
    with httpx.Client(timeout=30) as http:
        made = http.post(f"{intake.url}/v1/orders", json=body, headers=office.headers)
        assert made.status_code == 201, made.text
        order_id = made.json()["id"]
        offers: list[dict[str, Any]] = []

        def offered() -> bool:
            answer = http.get(f"{matching.url}/v1/offers", headers=broker.headers)
            offers[:] = [o for o in answer.json() if o["order_id"] == order_id]
            return bool(offers)

        wait_until(offered, timeout=60, what="the broker's offer")
        accepted = http.post(
            f"{matching.url}/v1/offers/{offers[0]['id']}/accept", headers=broker.headers
        )
        assert accepted.status_code == 200, accepted.text
    return order_id, str(accepted.json()["id"])


def deliver(matching: RunningService, broker: Broker, job_id: str, good: int, bad: int) -> None:
    body = {"good_units": good, "defective_units": bad}
    answer = httpx.post(
        f"{matching.url}/v1/jobs/{job_id}/delivery", json=body, headers=broker.headers, timeout=30
    )
    assert answer.status_code == 200, answer.text


def wait_for(url: str, headers: dict[str, str], found: Any, what: str) -> Any:
    """GET ``url`` until ``found(body)`` holds (the services learn from Kafka); the body."""
    seen: list[Any] = []

    def probe() -> bool:
        answer = httpx.get(url, headers=headers, timeout=30)
        if answer.status_code == 200 and found(answer.json()):
            seen[:] = [answer.json()]
        return bool(seen)

    wait_until(probe, timeout=60, what=what)
    return seen[0]


def sign_in_as_admin(context: BrowserContext, portal: RunningService) -> uuid.UUID:
    """The portal has no admin sign-in form yet: a session holding an admin token, signed
    with the stack's own cookie key (as the expired-session test does)."""
    admin_id = uuid.uuid4()
    session = Session()
    token = issue_token(keys(), admin_id, Role.ADMIN)
    session.sign_in(token, str(admin_id), Role.ADMIN, "丽水市来料加工协会", time.time() + 3600)
    cookie = SessionCodec(PortalSettings().session_key).dumps(session)
    context.add_cookies([{"name": COOKIE, "value": cookie, "url": portal.url}])
    return admin_id

"""Signing in and out in a real browser, in Chinese and English: the login form, the
short code, a wrong secret, an expired session, another organisation's order (404)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import httpx
from playwright.sync_api import BrowserContext, Page, expect

from services.portal.config import PortalSettings
from services.portal.session import COOKIE, Session, SessionCodec
from shared.identity import Role, issue_token
from tests.integration.portal.conftest import OfficeLogin, register_office
from tests.support.browser import sign_in
from tests.support.services import RunningService
from tests.support.tokens import keys

WORDS = {
    "zh": {
        "orders": "订单",
        "wrong": "单位编号或密钥不正确",
        "expired": "登录已过期",
        "missing": "页面不存在",
    },
    "en": {
        "orders": "Orders",
        "wrong": "Unknown organisation or wrong secret",
        "expired": "Your session has expired",
        "missing": "Page not found",
    },
}


def test_an_office_signs_in_with_its_id_and_out_again(
    page: Page, office: OfficeLogin, lang: str
) -> None:
    sign_in(page, str(office.id), office.secret)
    expect(page).to_have_url("/office/orders")  # relative: base_url is the portal's
    expect(page.locator("h1")).to_have_text(WORDS[lang]["orders"])
    expect(page.get_by_test_id("who")).to_contain_text(office.name)
    page.locator("form[action='/logout'] button").click()
    page.goto("/office/orders")
    expect(page).to_have_url("/login?next=/office/orders")


def test_the_short_code_signs_in_too(page: Page, office: OfficeLogin) -> None:
    sign_in(page, office.id.hex[:8], office.secret)
    expect(page).to_have_url("/office/orders")


def test_a_wrong_secret_is_said_beside_the_field(
    page: Page, office: OfficeLogin, lang: str
) -> None:
    page.goto("/login")
    page.fill("#f-org", str(office.id))
    page.fill("#f-secret", "not-the-secret")
    page.click("form[action='/login'] button[type=submit]")
    expect(page.locator("#e-org")).to_have_text(WORDS[lang]["wrong"])
    expect(page.get_by_test_id("error-summary")).to_be_visible()


def test_an_expired_session_goes_to_the_login_page(
    context: BrowserContext, page: Page, office: OfficeLogin, portal: RunningService, lang: str
) -> None:
    sign_in(page, str(office.id), office.secret)
    # the same session, but holding a token that the services see as expired
    session = Session()
    stale = issue_token(keys(), office.id, Role.OFFICE, ttl=-timedelta(seconds=60))
    session.sign_in(stale, str(office.id), Role.OFFICE, office.name, time.time() + 3600)
    cookie = SessionCodec(PortalSettings().session_key).dumps(session)
    context.add_cookies([{"name": COOKIE, "value": cookie, "url": portal.url}])
    page.goto("/office/orders")
    expect(page).to_have_url("/login?expired=1&next=/office/orders")
    expect(page.get_by_test_id("session-expired")).to_contain_text(WORDS[lang]["expired"])
    sign_in(page, str(office.id), office.secret)  # and back where they were
    expect(page).to_have_url("/office/orders")


def test_another_offices_order_is_the_404_page(
    page: Page, office: OfficeLogin, intake: RunningService, lang: str
) -> None:
    other = register_office(intake)
    theirs = _order_of(intake, other)
    sign_in(page, str(office.id), office.secret)
    answer = page.goto(f"/office/orders/{theirs}")
    assert answer is not None and answer.status == 404
    expect(page.get_by_test_id("not-found")).to_contain_text(WORDS[lang]["missing"])
    assert page.goto(f"/office/orders/{uuid.uuid4()}").status == 404  # type: ignore[union-attr]


def _order_of(intake: RunningService, office: OfficeLogin) -> str:
    body = {
        "client_id": str(office.client_id),
        "category": "bead_work",
        "description": "其他联络处的订单",
        "quantity": 100,
        "unit_fee_cny": "0.30",
        "materials_ready": "2027-03-01",
        "deadline": "2027-03-20",
        "origin_market": "yiwu",
    }
    made = httpx.post(f"{intake.url}/v1/orders", json=body, headers=office.headers, timeout=30)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])

"""A factory in a real browser, in Chinese and in English: a Jinyun enterprise's job
runs late when tea picking thins out its village, a Liandu factory lends capacity, the
balancer proposes a transfer, and the Liandu factory sees what, how many units and by
when, and accepts it. The set-up goes through the services' APIs as in the balancer's own
integration tests (tests/integration/balancer/scenario.py), with the real matching."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from shared.identity import Role
from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin, letters, provider_body
from tests.integration.portal.page_checks import check_page
from tests.support.browser import DESKTOP, PHONE, new_context, sign_in, wait_until
from tests.support.services import RunningService
from tests.support.tokens import admin, bearer

WORDS = {
    "zh": {"accepted": "已接受转移", "declined": "已拒绝转移", "offered": "已出借产能",
           "units_per_day": "请输入每天的件数", "too_many": "每天出借的件数超过"},
    "en": {"accepted": "Transfer accepted", "declined": "Transfer declined",
           "offered": "Loan offered", "units_per_day": "Enter a whole number of units per day",
           "too_many": "More units a day than you can lend"},
}  # fmt: skip
JOB_UNITS, BUSY_PER_DAY, LOAN_PER_DAY = 40, 6, 5
LATE_DAYS = 10  # 40 units in 10 days fit 6 a day, not the 3 a day tea picking leaves


@dataclass
class Overload:
    category: str
    busy: uuid.UUID
    lender: uuid.UUID
    lender_secret: str
    transfer: dict[str, Any]


def _register(http: httpx.Client, matching: RunningService, body: dict[str, Any]) -> str:
    made = http.post(f"{matching.url}/v1/providers", json=body, headers=admin())
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


@pytest.fixture
def overload(
    intake: RunningService,
    matching: RunningService,
    balancer: RunningService,
    office: OfficeLogin,
) -> Overload:
    code = f"factory_{letters(8, uuid.uuid4())}"
    village = f"湖塘村{letters(4, uuid.uuid4())}"
    today = clock.today()
    with httpx.Client(timeout=30) as http:
        made = http.post(
            f"{intake.url}/v1/categories",
            json={"code": code, "name_en": "Transfer test pearls", "name_zh": "转移测试珍珠"},
            headers=admin(),
        )
        assert made.status_code == 201, made.text
        found: list[str] = []

        def busy_registered() -> bool:  # matching learns the category from Kafka
            body = provider_body(code) | {
                "county": "jinyun", "township": "壶镇", "village": village, "mode": "factory",
                "categories": {code: BUSY_PER_DAY},
            }  # fmt: skip
            answer = http.post(f"{matching.url}/v1/providers", json=body, headers=admin())
            if answer.status_code == 201:
                found.append(answer.json()["id"])
            return bool(found)

        wait_until(busy_registered, timeout=30, what="matching knows the category")
        busy = uuid.UUID(found[0])
        order = http.post(
            f"{intake.url}/v1/orders",
            json={
                "client_id": str(office.client_id), "category": code, "quantity": JOB_UNITS,
                "description": "珍珠串 ZJ-07", "unit_fee_cny": "0.50",
                "materials_ready": today.isoformat(),
                "deadline": (today + timedelta(days=LATE_DAYS)).isoformat(),
                "origin_market": "yiwu", "splittable": False,
            },
            headers=office.headers,
        )  # fmt: skip
        assert order.status_code == 201, order.text
        busy_auth = bearer(busy, Role.PROVIDER)
        offers: list[dict[str, Any]] = []

        def offered() -> bool:
            offers[:] = http.get(f"{matching.url}/v1/offers", headers=busy_auth).json()
            return bool(offers)

        wait_until(offered, timeout=60, what="the order offered to the Jinyun factory")
        accepted = http.post(
            f"{matching.url}/v1/offers/{offers[0]['id']}/accept", headers=busy_auth
        )
        assert accepted.status_code in (200, 201, 204), accepted.text

        # The lender joins after the order found its factory, so it has no job of its own.
        lender_body = provider_body(code) | {
            "county": "liandu", "township": "碧湖镇", "village": f"堰头村{letters(4, code)}",
            "mode": "factory", "categories": {code: BUSY_PER_DAY},
        }  # fmt: skip
        lender = uuid.UUID(_register(http, matching, lender_body))
        secret = http.post(f"{matching.url}/v1/providers/{lender}/secret", headers=admin())
        assert secret.status_code == 200, secret.text

        season = {
            "name": f"采茶 {code}", "start": today.isoformat(),
            "end": (today + timedelta(days=2 * LATE_DAYS)).isoformat(),
            "factors": [{"county": "jinyun", "village_group": village, "factor": "0.5"}],
        }  # fmt: skip
        defined = http.post(f"{balancer.url}/v1/seasons", json=season, headers=admin())
        assert defined.status_code == 201, defined.text
        lender_auth = bearer(lender, Role.PROVIDER)
        loan = {
            "category": code, "start": today.isoformat(),
            "end": (today + timedelta(days=2 * LATE_DAYS)).isoformat(),
            "units_per_day": LOAN_PER_DAY,
        }  # fmt: skip
        transfers: list[dict[str, Any]] = []
        lent: list[str] = []

        def proposed() -> bool:
            # The balancer learns of the job and both factories from Kafka: the loan is
            # offered (once) as soon as it knows this lender.
            if not lent:
                answer = http.post(f"{balancer.url}/v1/loans", json=loan, headers=lender_auth)
                lent.extend([answer.json()["id"]] if answer.status_code == 201 else [])
            listed = http.get(f"{balancer.url}/v1/transfers", headers=lender_auth).json()
            transfers[:] = [t for t in listed if t["state"] == "proposed"]
            return bool(transfers)

        wait_until(proposed, timeout=60, what="a transfer proposed to the Liandu factory")
    return Overload(code, busy, lender, secret.json()["secret"], transfers[0])


def test_a_factory_accepts_a_proposed_transfer(page: Page, overload: Overload, lang: str) -> None:
    sign_in(page, str(overload.lender), overload.lender_secret)
    page.goto("/factory/transfers")
    card = page.locator(f"[data-transfer-id='{overload.transfer['id']}']")
    expect(card).to_contain_text("转移测试珍珠" if lang == "zh" else "Transfer test pearls")
    expect(card.get_by_test_id("units")).to_have_text(str(overload.transfer["units"]))
    last = max(d["day"] for d in overload.transfer["schedule"])
    expect(card.get_by_test_id("by-when")).not_to_be_empty()
    assert overload.transfer["units"] > 0 and last
    card.get_by_test_id("accept").click()
    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["accepted"])
    expect(page.get_by_test_id("proposed")).to_have_count(0)
    answered = page.locator(
        f"[data-testid=answered] [data-transfer-id='{overload.transfer['id']}']"
    )
    expect(answered).to_have_count(1)


def test_a_factory_offers_a_loan_and_bad_units_are_said_beside_the_field(
    page: Page, overload: Overload, lang: str
) -> None:
    sign_in(page, str(overload.lender), overload.lender_secret)
    page.goto("/factory/loans")
    form = page.get_by_test_id("loan-form")
    form.locator("#f-category").select_option(overload.category)
    form.locator("#f-units_per_day").fill("0")
    form.locator("button[type=submit]").click()
    expect(page.locator("p.error[data-field=units_per_day]")).to_contain_text(
        WORDS[lang]["units_per_day"]
    )
    # 6 a day made, 5 already lent: the balancer refuses 2 and the page says why, there.
    form = page.get_by_test_id("loan-form")
    form.locator("#f-units_per_day").fill(str(BUSY_PER_DAY - LOAN_PER_DAY + 1))
    form.locator("button[type=submit]").click()
    expect(page.locator("p.error[data-field=units_per_day]")).to_contain_text(
        WORDS[lang]["too_many"]
    )
    form = page.get_by_test_id("loan-form")
    form.locator("#f-units_per_day").fill(str(BUSY_PER_DAY - LOAN_PER_DAY))
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["offered"])
    expect(page.get_by_test_id("loans").locator(".card")).to_have_count(2)


def test_factory_pages_fit_a_phone_and_a_desktop(
    browser: Browser, portal: RunningService, overload: Overload, lang: str
) -> None:
    """Nothing scrolls sideways at 360 wide and no critical axe violation, at 360 × 740
    and at 1280 × 800."""
    for viewport in (PHONE, DESKTOP):
        context = new_context(browser, portal.url, lang=lang, viewport=viewport)
        try:
            page = context.new_page()
            sign_in(page, str(overload.lender), overload.lender_secret)
            for path in ("/factory/transfers", "/factory/loans", "/factory/receivers"):
                check_page(page, path, viewport, lang)
        finally:
            context.close()

"""A broker's journey in a real browser, in Chinese and in English: an office's order
reaches the offers inbox (with a countdown), the broker accepts it, reports progress and a
delivery and sees the progress bar move; a decline with a reason removes the offer; more
units than the job has is said beside the field in the page's language."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from shared.identity import Role
from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin, letters, provider_body
from tests.support.browser import sign_in, wait_until
from tests.support.services import RunningService
from tests.support.tokens import admin, bearer

WORDS = {
    "zh": {"over": "件数超过了这项加工任务的件数", "accepted": "已接单", "left": "剩余",
           "declined": "已拒绝", "gone": "这个订单已经不能再接（已接受、已拒绝或已过期）。"},
    "en": {"over": "More units than the job has", "accepted": "Offer accepted", "left": "left",
           "declined": "Offer declined",
           "gone": "This offer is no longer open (accepted, declined or expired)."},
}  # fmt: skip


@dataclass
class BrokerLogin:
    id: uuid.UUID
    secret: str
    category: str


@pytest.fixture
def broker(intake: RunningService, matching: RunningService) -> BrokerLogin:
    """A broker alone in a category of its own (so an order in it is offered to it), its
    secret issued by matching's secret rotation as an admin."""
    code = f"broker_{letters(8, uuid.uuid4())}"
    with httpx.Client(timeout=30) as http:
        made = http.post(
            f"{intake.url}/v1/categories",
            json={"code": code, "name_en": "Broker test beads", "name_zh": "经纪测试串珠"},
            headers=admin(),
        )
        assert made.status_code == 201, made.text
        found: list[str] = []

        def registered() -> bool:  # matching learns the category from Kafka
            answer = http.post(
                f"{matching.url}/v1/providers", json=provider_body(code), headers=admin()
            )
            if answer.status_code == 201:
                found.append(answer.json()["id"])
            return bool(found)

        wait_until(registered, timeout=30, what="matching knows the category")
        rotated = http.post(f"{matching.url}/v1/providers/{found[0]}/secret", headers=admin())
        assert rotated.status_code == 200, rotated.text
    return BrokerLogin(uuid.UUID(found[0]), rotated.json()["secret"], code)


def submit_order(intake: RunningService, office: OfficeLogin, category: str) -> str:
    today = clock.today()
    body = {
        "client_id": str(office.client_id),
        "category": category,
        "description": "串珠发夹 YW-2231",
        "quantity": 200,
        "unit_fee_cny": "0.35",
        "materials_ready": today.isoformat(),  # so a delivery today is allowed
        "deadline": (today + timedelta(days=30)).isoformat(),
        "origin_market": "yiwu",
    }
    made = httpx.post(f"{intake.url}/v1/orders", json=body, headers=office.headers, timeout=30)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def offer_card(page: Page, order_id: str) -> Locator:
    """The inbox reloaded until the order's offer shows (the matcher works from Kafka)."""

    def shown() -> bool:
        page.goto("/broker/offers")
        return page.locator(f"[data-order-id='{order_id}']").count() == 1

    wait_until(shown, timeout=60, what="the offer in the inbox")
    return page.locator(f"[data-order-id='{order_id}']")


def test_a_broker_accepts_an_offer_and_reports_progress_and_delivery(
    page: Page, broker: BrokerLogin, office: OfficeLogin, intake: RunningService, lang: str
) -> None:
    order_id = submit_order(intake, office, broker.category)
    sign_in(page, str(broker.id), broker.secret)
    card = offer_card(page, order_id)
    expect(card).to_contain_text("¥0.35")
    expect(card.get_by_test_id("description")).to_have_text("串珠发夹 YW-2231")  # what to make
    countdown = card.get_by_test_id("countdown")
    expect(countdown).to_contain_text(WORDS[lang]["left"])
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first, timeout=5000)  # the JS ticks it
    card.get_by_test_id("accept").click()

    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["accepted"])
    job = page.locator(f"[data-order-id='{order_id}']")
    expect(job.get_by_test_id("description")).to_have_text("串珠发夹 YW-2231")  # which job
    bar = job.get_by_test_id("progress")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    units = int(bar.get_attribute("aria-valuemax") or "0")
    assert units > 0

    job.get_by_test_id("report-open").click()
    job.locator("[data-testid=progress-form] #f-units_done").fill(str(units + 1))
    job.locator("[data-testid=progress-form] button[type=submit]").click()
    job = page.locator(f"[data-order-id='{order_id}']")
    expect(job.locator("p.error[data-field=units_done]")).to_have_text(WORDS[lang]["over"])
    expect(job.get_by_test_id("progress")).to_have_attribute("aria-valuenow", "0")

    job.locator("[data-testid=progress-form] #f-units_done").fill(str(units // 2))
    job.locator("[data-testid=progress-form] button[type=submit]").click()
    job = page.locator(f"[data-order-id='{order_id}']")
    expect(job.get_by_test_id("progress")).to_have_attribute("aria-valuenow", str(units // 2))

    job.get_by_test_id("report-open").click()
    job.locator("[data-testid=delivery-form] #f-good_units").fill(str(units - 1))
    job.locator("[data-testid=delivery-form] #f-defective_units").fill("1")
    job.locator("[data-testid=delivery-form] button[type=submit]").click()
    job = page.locator(f"[data-order-id='{order_id}']")
    expect(job.get_by_test_id("units-delivered")).to_have_text(str(units))
    expect(job.get_by_test_id("progress")).to_have_attribute("aria-valuenow", str(units))


def test_a_declined_offer_leaves_the_inbox(
    page: Page, broker: BrokerLogin, office: OfficeLogin, intake: RunningService, lang: str
) -> None:
    order_id = submit_order(intake, office, broker.category)
    sign_in(page, str(broker.id), broker.secret)
    card = offer_card(page, order_id)
    card.get_by_test_id("decline-open").click()
    card.locator("textarea[name=reason]").fill("采茶季，人手不够")
    card.get_by_test_id("decline").click()
    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["declined"])
    expect(page.locator(f"[data-order-id='{order_id}']")).to_have_count(0)


def test_an_offer_gone_meanwhile_is_said_in_the_pages_language(
    page: Page,
    broker: BrokerLogin,
    office: OfficeLogin,
    intake: RunningService,
    matching: RunningService,
    lang: str,
) -> None:
    order_id = submit_order(intake, office, broker.category)
    sign_in(page, str(broker.id), broker.secret)
    card = offer_card(page, order_id)
    offer_id = card.get_attribute("data-offer-id")
    gone = httpx.post(  # declined elsewhere (another phone) while this page is open
        f"{matching.url}/v1/offers/{offer_id}/decline",
        json={"reason": "x"},
        headers=bearer(broker.id, Role.PROVIDER),
        timeout=30,
    )
    assert gone.status_code == 204, gone.text
    card.get_by_test_id("accept").click()
    expect(page.get_by_test_id("problem")).to_have_text(WORDS[lang]["gone"])
    expect(page.locator(f"[data-order-id='{order_id}']")).to_have_count(0)

"""An office's order journey in a real browser, in Chinese and in English: submit through
the form and see it become MATCHING, the lot and the history naming the enterprise it was
offered to, in the page's language (not an id, not intake's English); bad input is said
beside the field in the page's language; a double submit makes one order."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from playwright.sync_api import BrowserContext, Page, expect

from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin
from tests.support.browser import sign_in, wait_until
from tests.support.services import RunningService
from tests.support.tokens import admin

WORDS = {
    "zh": {
        "matching": "匹配中",
        "offered": "件已发给{name}",
        "after": "交货日期必须晚于来料日期",
        "fee": "请输入每件加工费（元），如 0.35",
    },
    "en": {
        "matching": "Matching",
        "offered": "pieces offered to {name}",
        "after": "The deadline must be after the materials-ready date",
        "fee": "Enter the fee per piece in yuan, like 0.35",
    },
}


def fill_order(page: Page, office: OfficeLogin, category: str, **over: str) -> None:
    today = clock.today()
    values = {
        "unit_fee_cny": "0.35",
        "materials_ready": (today + timedelta(days=3)).isoformat(),
        "deadline": (today + timedelta(days=30)).isoformat(),
        **over,
    }
    page.goto("/office/orders/new")
    page.select_option("#f-client_id", str(office.client_id))
    page.select_option("#f-category", category)
    page.fill("#f-description", "串珠发夹 YW-2231，两种颜色")
    page.fill("#f-quantity", "600")
    page.fill("#f-unit_fee_cny", values["unit_fee_cny"])
    page.fill("#f-materials_ready", values["materials_ready"])
    page.fill("#f-deadline", values["deadline"])
    page.select_option("#f-origin_market", "yiwu")
    page.fill("input[name='item[]']", "玻璃珠 4mm")
    page.fill("input[name='amount[]']", "6")
    page.fill("input[name='unit[]']", "kg")
    page.fill("#f-min_lot", "100")


def submit(page: Page) -> None:
    page.click("form[data-testid=order-form] button[type=submit]")


def test_an_office_submits_an_order_and_sees_it_matching(
    page: Page, office: OfficeLogin, portal_category: str, lang: str, matching: RunningService
) -> None:
    sign_in(page, str(office.id), office.secret)
    fill_order(page, office, portal_category)
    submit(page)
    expect(page).to_have_url(re.compile(r"/office/orders/[0-9a-f-]{36}\?new=1$"))
    status = page.get_by_test_id("order-status")

    def matching_now() -> bool:  # the page shows what intake knows; reload until matching offers
        page.reload()
        return status.get_attribute("data-status") == "MATCHING"

    wait_until(matching_now, timeout=30, what="the order to become MATCHING")
    expect(status).to_have_text(WORDS[lang]["matching"])
    name = offered_to(matching, page.url.split("/")[-1].split("?")[0])
    expect(page.get_by_test_id("lot-enterprise")).to_have_text(name)
    expect(page.get_by_test_id("timeline")).to_contain_text(
        WORDS[lang]["offered"].format(name=name)
    )
    page.goto("/office/orders")
    expect(page.get_by_test_id("orders").locator(".card")).to_have_count(1)


def offered_to(matching: RunningService, order_id: str) -> str:
    """The name of the enterprise matching offered the order to."""
    offers = httpx.get(f"{matching.url}/v1/offers", params={"order_id": order_id, "status": ""},
                       headers=admin(), timeout=30).json()  # fmt: skip
    provider = httpx.get(f"{matching.url}/v1/providers/{offers[0]['provider_id']}",
                         headers=admin(), timeout=30).json()  # fmt: skip
    return str(provider["name"])


def test_bad_input_is_said_beside_the_field_in_the_page_language(
    page: Page, office: OfficeLogin, portal_category: str, lang: str, intake: RunningService
) -> None:
    sign_in(page, str(office.id), office.secret)
    today = clock.today()
    fill_order(
        page,
        office,
        portal_category,
        unit_fee_cny="0.3.5",
        materials_ready=(today + timedelta(days=20)).isoformat(),
        deadline=(today + timedelta(days=10)).isoformat(),
    )
    submit(page)
    expect(page.locator("#e-deadline")).to_have_text(WORDS[lang]["after"])
    expect(page.locator("#e-unit_fee_cny")).to_have_text(WORDS[lang]["fee"])
    expect(page.locator("#f-quantity")).to_have_value("600")  # what was typed stays
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    assert _orders(intake, office) == 0  # nothing was written


def test_a_double_submit_makes_one_order(
    context: BrowserContext,
    page: Page,
    office: OfficeLogin,
    portal_category: str,
    intake: RunningService,
) -> None:
    sign_in(page, str(office.id), office.secret)
    fill_order(page, office, portal_category)
    # the same rendered form sent twice (a double tap past the script, or a resend)
    form = page.evaluate(
        "() => Array.from(new FormData(document.querySelector('[data-testid=order-form]')))"
    )
    data = {k: v for k, v in form if not k.endswith("[]")}
    targets = []
    for _ in range(2):
        answer = context.request.post(
            "/office/orders/new", form=data, max_redirects=0, fail_on_status_code=False
        )
        assert answer.status == 303, answer.text()
        targets.append(answer.headers["location"])
    assert targets[0] == targets[1]
    assert _orders(intake, office) == 1


def _orders(intake: RunningService, office: OfficeLogin) -> int:
    listed = httpx.get(f"{intake.url}/v1/orders", headers=office.headers, timeout=30)
    return len(listed.json()["items"])

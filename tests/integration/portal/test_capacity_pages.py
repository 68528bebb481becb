"""In a real browser, in Chinese and English: a broker changes its capacity, sees the free
capacity of the next 8 weeks drawn by ECharts (served by the portal), declares tea-picking
leave (a range over 366 days or outside the window is refused beside the field in the page's
language) and removes it; an office amends an order (409/422 said on the page); anyone sees
the open-work board without client names or fees."""

from __future__ import annotations

from datetime import timedelta

import httpx
from playwright.sync_api import Page, expect

from shared.identity import Role
from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin
from tests.integration.portal.test_broker_pages import (  # noqa: F401 (a fixture)
    BrokerLogin,
    broker,
    submit_order,
)
from tests.support.browser import sign_in
from tests.support.services import RunningService
from tests.support.tokens import bearer

WORDS = {
    "zh": {"saved": "产能已保存", "long": "一条例外最多 366 天", "window": "请选择",
           "added": "例外已添加", "removed": "例外已删除", "amended": "订单已修改",
           "past": "交货", "locked": "这个订单已经不能修改", "band": "件以下"},
    "en": {"saved": "Capacity saved", "long": "at most 366 days", "window": "Choose a day from",
           "added": "Exception added", "removed": "Exception removed",
           "amended": "The order was changed", "past": "deadline",
           "locked": "This order can no longer be changed", "band": "under 500 pieces"},
}  # fmt: skip


def _day(offset: int) -> str:
    return (clock.today() + timedelta(days=offset)).isoformat()


def test_a_broker_sets_capacity_and_sees_the_free_capacity_chart(
    page: Page,
    broker: BrokerLogin,  # noqa: F811 (the fixture imported above)
    lang: str,
) -> None:
    sign_in(page, str(broker.id), broker.secret)
    page.goto("/broker/capacity")
    card = page.locator(f"[data-category='{broker.category}']")
    expect(card.get_by_test_id("units-per-day")).to_have_text("500")
    card.locator(f"#f-units-{broker.category}").fill("350")
    card.locator("button[type=submit]").click()
    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["saved"])
    expect(card.get_by_test_id("units-per-day")).to_have_text("350")
    chart = page.get_by_test_id("free-chart")
    expect(chart).to_have_attribute("data-drawn", "1")  # ECharts from /static/vendor drew it
    expect(chart.locator("svg")).to_have_count(1)
    expect(page.get_by_test_id("week-free")).to_have_count(8)
    # no work yet: all of the first week is free (7 x 350, less any season of the county)
    week = page.get_by_test_id("week-capacity").first.text_content()
    expect(page.get_by_test_id("week-free").first).to_have_text(week or "")
    assert week != "3,500"  # the week counts the new 350 a day, not the old 500


def test_a_broker_declares_tea_picking_leave_and_removes_it(
    page: Page,
    broker: BrokerLogin,  # noqa: F811 (the fixture imported above)
    matching: RunningService,
    lang: str,
) -> None:
    sign_in(page, str(broker.id), broker.secret)
    page.goto("/broker/calendar")
    expect(page.get_by_test_id("no-exceptions")).to_be_visible()
    form = page.get_by_test_id("exception-form")
    form.locator("#f-first_day").fill(_day(10))
    form.locator("#f-last_day").fill(_day(10 + 400))
    form.locator("#f-value").fill("0")
    form.locator("button[type=submit]").click()
    expect(page.locator("p.error[data-field=last_day]")).to_contain_text(WORDS[lang]["long"])

    form = page.get_by_test_id("exception-form")
    form.locator("#f-first_day").fill(_day(900))  # beyond two years ahead
    form.locator("#f-last_day").fill(_day(905))
    form.locator("button[type=submit]").click()
    expect(page.locator("p.error[data-field=first_day]")).to_contain_text(WORDS[lang]["window"])

    form = page.get_by_test_id("exception-form")
    form.locator("#f-first_day").fill(_day(10))
    form.locator("#f-last_day").fill(_day(20))
    form.locator("#f-value").fill("0")
    form.locator("#f-reason").fill("采茶假")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["added"])
    expect(page.get_by_test_id("exceptions")).to_contain_text("采茶假")
    free = httpx.get(
        f"{matching.url}/v1/providers/{broker.id}/free-capacity",
        params={"category": broker.category, "first_day": _day(12), "last_day": _day(12)},
        headers=bearer(broker.id, Role.PROVIDER),
        timeout=30,
    ).json()
    assert free[0]["capacity"] == 0  # matching plans with the leave

    page.get_by_test_id("remove").click()
    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["removed"])
    expect(page.get_by_test_id("no-exceptions")).to_be_visible()


def test_an_office_amends_an_order_and_sees_refusals_on_the_page(
    page: Page,
    broker: BrokerLogin,  # noqa: F811 (the fixture imported above)
    office: OfficeLogin,
    intake: RunningService,
    lang: str,
) -> None:
    order_id = submit_order(intake, office, broker.category)
    sign_in(page, str(office.id), office.secret)
    page.goto(f"/office/orders/{order_id}")
    page.get_by_test_id("amend-link").click()
    form = page.get_by_test_id("amend-form")
    form.locator("#f-quantity").fill("300")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("amended")).to_contain_text(WORDS[lang]["amended"])
    expect(page.locator("h1")).to_contain_text("300")

    page.goto(f"/office/orders/{order_id}/amend")
    page.locator("#f-deadline").fill(_day(-3))
    page.locator("[data-testid=amend-form] button[type=submit]").click()
    expect(page.locator("p.error[data-field=deadline]")).to_contain_text(WORDS[lang]["past"])

    cancelled = httpx.post(  # cancelled elsewhere while this page is open
        f"{intake.url}/v1/orders/{order_id}/cancel",
        json={"reason": "client withdrew"},
        headers=office.headers,
        timeout=30,
    )
    assert cancelled.status_code == 200, cancelled.text
    page.locator("#f-deadline").fill(_day(40))
    page.locator("[data-testid=amend-form] button[type=submit]").click()
    expect(page.get_by_test_id("problem")).to_contain_text(WORDS[lang]["locked"])


def test_the_open_work_board_shows_bands_but_no_client_or_fee(
    page: Page,
    broker: BrokerLogin,  # noqa: F811 (the fixture imported above)
    office: OfficeLogin,
    intake: RunningService,
    lang: str,
) -> None:
    submit_order(intake, office, broker.category)  # 200 pieces at 0.35 yuan
    page.goto("/open-work")
    card = page.locator(f"[data-category='{broker.category}']")
    while card.count() == 0 and page.get_by_test_id("next").count():
        page.get_by_test_id("next").click()  # soonest deadline first: ours may be further on
    expect(card).to_contain_text(WORDS[lang]["band"])
    body = page.locator("body").inner_text()
    assert office.client_name not in body and "0.35" not in body and office.name not in body

"""The county freight budget in a real browser, in Chinese and in English: the federation
finds the page in its menu, a figure that is not a percent is said beside its field in
the page's language and nothing is stored, a good one is stored in matching (the
region's default and a county's own), and the matcher's next batch shows on the page
with what it bought. The budget in force before the test is put back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.integration.portal.conftest import OfficeLogin
from tests.integration.portal.test_broker_pages import submit_order
from tests.integration.portal.test_federation_pages import AdminLogin, federation
from tests.support.browser import sign_in, wait_until
from tests.support.services import RunningService
from tests.support.tokens import admin

__all__ = ["federation"]  # the fixture, shared with the federation pages' tests
WORDS = {
    "zh": {"menu": "运费预算", "percent": "请输入 0 到 100 之间的百分数", "saved": "预算已保存"},
    "en": {"menu": "Freight budget", "percent": "Enter a percent from 0 to 100",
           "saved": "Budget saved"},
}  # fmt: skip


def budget_of(matching: RunningService) -> dict[str, Any]:
    found = httpx.get(f"{matching.url}/v1/budget", headers=admin(), timeout=30)
    assert found.status_code == 200, found.text
    setting: dict[str, Any] = found.json()
    return setting


@pytest.fixture
def budget_restored(matching: RunningService) -> Iterator[dict[str, Any]]:
    before = budget_of(matching)
    yield before
    put = httpx.put(f"{matching.url}/v1/budget", json=before, headers=admin(), timeout=30)
    assert put.status_code == 200, put.text


def latest_batch(matching: RunningService) -> int:
    found = httpx.get(f"{matching.url}/v1/budget/batches", params={"limit": 1},
                      headers=admin(), timeout=30)  # fmt: skip
    assert found.status_code == 200, found.text
    return int(found.json()[0]["id"]) if found.json() else 0


def test_the_federation_sets_the_county_freight_budget_and_sees_what_it_bought(
    page: Page,
    federation: AdminLogin,
    budget_restored: dict[str, Any],
    matching: RunningService,
    intake: RunningService,
    office: OfficeLogin,
    portal_category: str,
    lang: str,
) -> None:
    sign_in(page, str(federation.id), federation.secret)
    page.get_by_role("link", name=WORDS[lang]["menu"]).click()
    expect(page.locator("#f-default_percent")).to_have_value(
        f"{budget_restored['default_percent']:g}"
    )

    page.fill("#f-default_percent", "两个点" if lang == "zh" else "two")
    page.fill("#f-county_suichang", "150")
    page.get_by_test_id("budget-form").locator("button[type=submit]").click()
    for name in ("default_percent", "county_suichang"):
        expect(page.locator(f"#e-{name}")).to_contain_text(WORDS[lang]["percent"])
    expect(page.locator("#f-county_suichang")).to_have_value("150")  # kept as typed
    assert budget_of(matching) == budget_restored  # nothing stored

    before = latest_batch(matching)
    page.fill("#f-default_percent", "３％")  # full-width, with the sign: as typed on a phone
    page.fill("#f-county_suichang", "4.5")
    page.get_by_test_id("budget-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["saved"])
    assert budget_of(matching) == {"default_percent": 3.0, "counties": {"suichang": 4.5}}
    expect(page.locator("#f-county_suichang")).to_have_value("4.5")

    submit_order(intake, office, portal_category)
    wait_until(lambda: latest_batch(matching) > before, timeout=60, what="the next batch")
    page.reload()
    row = page.locator(f"[data-batch-id='{latest_batch(matching)}']")
    expect(row).to_contain_text("3 %")
    expect(page.get_by_test_id("gained-total")).to_contain_text("¥")

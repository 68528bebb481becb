"""Who the money reached, in a real browser, in Chinese and in English: a broker in
Jingning with 10 members of low-income households among its 40 workers delivers 190 good
pieces at ¥0.35; the federation's page for Jingning and this year shows the fees and the
low-income share settlement computed (¥66.50 × 10 / 40 = ¥16.63 of it this delivery), the
case's 2010 figures beside them, and the month in the table."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Page, expect

from services.portal.i18n.formatting import money
from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin
from tests.integration.portal.jobs import accepted_job, deliver, new_broker, wait_for
from tests.integration.portal.test_federation_pages import AdminLogin, federation
from tests.support.browser import sign_in
from tests.support.services import RunningService
from tests.support.tokens import admin

__all__ = ["federation"]  # the fixture, shared with the federation pages' tests
MENU = {"zh": "收入去向", "en": "Who the money reached"}
COUNTY = "jingning"


def impact(settlement: RunningService) -> dict[str, Any]:
    params: dict[str, str | int] = {"year": clock.today().year, "county": COUNTY}
    found = httpx.get(f"{settlement.url}/v1/impact", params=params, headers=admin(), timeout=30)
    assert found.status_code == 200, found.text
    totals: dict[str, Any] = found.json()["totals"]
    return totals


def test_the_federation_sees_who_the_money_reached(
    page: Page,
    federation: AdminLogin,
    office: OfficeLogin,
    intake: RunningService,
    matching: RunningService,
    settlement: RunningService,
    lang: str,
) -> None:
    before = impact(settlement)
    broker = new_broker(intake, matching, county=COUNTY, workers=40)
    _, job = accepted_job(intake, matching, office, broker, quantity=200, fee="0.35")
    deliver(matching, broker, job, good=190, bad=0)
    params = f"?year={clock.today().year}&county={COUNTY}"
    after = wait_for(f"{settlement.url}/v1/impact{params}", admin(),
                     lambda body: body["totals"]["fees_fen"] >= before["fees_fen"] + 6650,
                     "the delivery in settlement's impact")["totals"]  # fmt: skip
    assert after["low_income_fen"] - before["low_income_fen"] in (1662, 1663)  # half-up, summed

    sign_in(page, str(federation.id), federation.secret)
    page.get_by_role("link", name=MENU[lang]).click()
    page.select_option("#f-county", COUNTY)
    page.get_by_test_id("impact-filter").locator("button[type=submit]").click()
    totals = page.get_by_test_id("impact-totals")
    expect(totals.get_by_test_id("fees")).to_have_text(money(after["fees_fen"]))
    expect(totals.get_by_test_id("share-low_income")).to_contain_text(
        money(after["low_income_fen"])
    )
    expect(page.get_by_test_id("case-2010")).to_contain_text("¥230,000,000.00")
    month = clock.today().strftime("%Y-%m")
    expect(page.get_by_test_id("impact-months")).to_contain_text(month)

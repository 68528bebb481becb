"""Money pages in a real browser, in Chinese and in English, on the real services: a job
the broker delivered shows on its monthly statement with the right fee (and its files come
through the portal); the award meter shows what the next tier still needs, and the what-if
answers; the office records a partial payment and the balance changes, and overpaying is
said beside the amount; the federation approves and pays an award whose rule and figures
are shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from shared.identity import Role
from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin
from tests.integration.portal.jobs import (
    accepted_job,
    deliver,
    new_broker,
    sign_in_as_admin,
    wait_for,
)
from tests.support.browser import sign_in
from tests.support.services import RunningService
from tests.support.tokens import bearer

# The first browser test of a run also waits for six services to start (over 2 min at load
# 20+ on the shared machine), which pytest-timeout counts against it.
pytestmark = pytest.mark.timeout(900)
WORDS = {
    "zh": {"paid": "已记录付款。", "over": "超过这批交货尚欠的金额（¥46.50）",
           "none": "尚未达到任何奖励档次", "tier1": "已达到第 1 档：¥2,000.00",
           "approved": "奖励已批准。", "paid_award": "奖励已记为已发放。",
           "state_approved": "已批准", "state_paid": "已发放",
           "fee_error": "请输入年加工费（元），如 250000"},
    "en": {"paid": "Payment recorded.", "over": "More than is still owed on this delivery (¥46.50)",
           "none": "No award tier reached yet", "tier1": "Tier 1 reached: ¥2,000.00",
           "approved": "Award approved.", "paid_award": "Award recorded as paid.",
           "state_approved": "Approved", "state_paid": "Paid out",
           "fee_error": "Enter the annual fee in yuan, like 250000"},
}  # fmt: skip


def test_a_delivery_reaches_the_statement_and_the_office_records_payments(
    page: Page,
    office: OfficeLogin,
    intake: RunningService,
    matching: RunningService,
    settlement: RunningService,
    lang: str,
) -> None:
    broker = new_broker(intake, matching, workers=40)
    _, job = accepted_job(intake, matching, office, broker, quantity=200, fee="0.35")
    deliver(matching, broker, job, good=190, bad=10)
    [row] = wait_for(
        f"{settlement.url}/v1/receivables",
        bearer(office.id, Role.OFFICE),
        lambda rows: any(r["job_id"] == job for r in rows),
        "the receivable",
    )
    assert row["fee_fen"] == 190 * 35

    # the broker's statement: the job, its units and its fee (190 good × ¥0.35 = ¥66.50)
    sign_in(page, str(broker.id), broker.secret)
    page.goto("/broker/statement")
    facts = page.get_by_test_id("statement")
    expect(facts.get_by_test_id("jobs")).to_have_text("1")
    expect(facts.get_by_test_id("good")).to_have_text("190")
    expect(facts.get_by_test_id("defective")).to_have_text("10")
    expect(facts.get_by_test_id("fees")).to_have_text("¥66.50")
    expect(facts.get_by_test_id("balance")).to_have_text("¥66.50")
    expect(page.locator(f"[data-job-id='{job}'] [data-testid=line-fee]")).to_have_text("¥66.50")
    month = clock.today().strftime("%Y-%m")
    for fmt, media in (("pdf", "application/pdf"), ("xlsx", "spreadsheet"), ("csv", "text/csv")):
        got = page.request.get(f"/broker/statement/{month}.{fmt}")  # the session cookie only
        assert got.status == 200 and media in got.headers["content-type"], (fmt, got.status)
    assert page.request.get(f"/broker/statement/{month}.pdf").body().startswith(b"%PDF")

    # the award meter: ¥66.50 and 40 workers reach no tier; the next needs the rest
    page.goto("/broker/award")
    expect(page.get_by_test_id("meter-tier")).to_have_text(WORDS[lang]["none"])
    fee_bar = page.get_by_test_id("bar-fee")
    expect(fee_bar).to_have_attribute("data-missing", str(20_000_001 - 190 * 35))
    expect(fee_bar.get_by_test_id("needed-fee")).to_contain_text("¥199,933.51")
    expect(page.get_by_test_id("bar-workers")).to_have_attribute("data-missing", "61")
    expect(page.get_by_test_id("needed-workers")).to_contain_text("61")
    # what-if: a bad fee is said beside the field; 250,000 yuan and 150 workers is tier 1
    page.fill("#f-annual_fee_yuan", "二十五万")
    page.click("[data-testid=what-if-form] button[type=submit]")
    expect(page.locator("p.error[data-field=annual_fee_yuan]")).to_have_text(
        WORDS[lang]["fee_error"]
    )
    page.fill("#f-annual_fee_yuan", "250000")
    page.fill("#f-workers", "150")
    page.click("[data-testid=what-if-form] button[type=submit]")
    expect(page.get_by_test_id("what-if-tier")).to_have_text(WORDS[lang]["tier1"])
    bars = page.get_by_test_id("what-if-meters")
    expect(bars.get_by_test_id("needed-fee")).to_contain_text("¥250,000.01")
    expect(bars.get_by_test_id("needed-workers")).to_contain_text("151")

    # the office: a partial payment lowers the balance; paying more than is owed is refused
    sign_in(page, str(office.id), office.secret)
    page.goto("/office/receivables")
    card = page.locator(f"[data-delivery-id='{row['delivery_id']}']")
    expect(card.get_by_test_id("outstanding")).to_have_text("¥66.50")
    card.get_by_test_id("pay-open").click()
    card.locator("#f-amount_yuan").fill("20")
    card.locator("[data-testid=pay-form] button[type=submit]").click()
    expect(page.get_by_test_id("notice")).to_have_text(WORDS[lang]["paid"])
    card = page.locator(f"[data-delivery-id='{row['delivery_id']}']")
    expect(card.get_by_test_id("paid")).to_have_text("¥20.00")
    expect(card.get_by_test_id("outstanding")).to_have_text("¥46.50")
    client = page.locator(f"[data-client-id='{office.client_id}']")
    expect(client.get_by_test_id("client-outstanding")).to_have_text("¥46.50")
    card.get_by_test_id("pay-open").click()
    card.locator("#f-amount_yuan").fill("100")
    card.locator("[data-testid=pay-form] button[type=submit]").click()
    card = page.locator(f"[data-delivery-id='{row['delivery_id']}']")
    expect(card.locator("p.error[data-field=amount_yuan]")).to_have_text(WORDS[lang]["over"])
    expect(card.locator("#f-amount_yuan")).to_have_value("100")
    expect(card.get_by_test_id("outstanding")).to_have_text("¥46.50")
    got = page.request.get("/office/exports/receivables.csv")
    assert got.status == 200 and "text/csv" in got.headers["content-type"]
    assert row["delivery_id"] in got.text()

    # and the broker's statement shows the payment
    sign_in(page, str(broker.id), broker.secret)
    page.goto("/broker/statement")
    expect(page.get_by_test_id("payments")).to_have_text("¥20.00")
    expect(page.get_by_test_id("balance")).to_have_text("¥46.50")


def test_the_federation_approves_and_pays_an_award_with_its_rule_and_figures(
    context: BrowserContext,
    page: Page,
    office: OfficeLogin,
    intake: RunningService,
    matching: RunningService,
    settlement: RunningService,
    portal: RunningService,
    lang: str,
) -> None:
    # 1,000 pieces at ¥250 = ¥250,000 in the year with 120 workers: general tier 1, ¥2,000
    broker = new_broker(intake, matching, workers=120)
    _, job = accepted_job(intake, matching, office, broker, quantity=1000, fee="250")
    deliver(matching, broker, job, good=1000, bad=0)
    wait_for(
        f"{settlement.url}/v1/receivables",
        broker.headers,
        lambda rows: any(r["job_id"] == job for r in rows),
        "the receivable",
    )
    sign_in_as_admin(context, portal)
    page.goto(f"/federation/awards?county=suichang&year={clock.today().year}")
    page.get_by_test_id("run").click()
    expect(page.get_by_test_id("run-result")).to_be_visible()
    card = page.locator(f"[data-provider-id='{broker.id}'][data-state=assessed]")
    expect(card.get_by_test_id("amount")).to_have_text("¥2,000.00")
    expect(card.get_by_test_id("rule")).to_contain_text("broker_awards.general.tier_1")
    figures = card.get_by_test_id("figures")
    expect(figures).to_contain_text("annual_fee_fen")
    expect(figures).to_contain_text("¥250,000.00")
    card.get_by_test_id("approve").click()
    expect(page.get_by_test_id("notice")).to_have_text(WORDS[lang]["approved"])
    card = page.locator(f"[data-provider-id='{broker.id}'][data-state=approved]")
    expect(card.get_by_test_id("award-state")).to_have_text(WORDS[lang]["state_approved"])
    card.get_by_test_id("pay").click()
    expect(page.get_by_test_id("notice")).to_have_text(WORDS[lang]["paid_award"])
    card = page.locator(f"[data-provider-id='{broker.id}'][data-state=paid]")
    expect(card.get_by_test_id("award-state")).to_have_text(WORDS[lang]["state_paid"])
    got = page.request.get(f"/federation/awards.csv?county=suichang&year={clock.today().year}")
    assert got.status == 200 and str(broker.id) in got.text()

"""Materials and inspection pages in a real browser on a phone (360×740), in Chinese and in
English: the office sends the materials; the broker counts a shortage and confirms the
receipt, the office sees the shortage; the broker reports materials use (a line using more
than arrived is said beside it); the office's inspection outside tolerance without a reason
is refused beside the reason, then part of the lot goes back for rework and the broker sees
the rework; both 来料签收单 and the lot's pages open through the portal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin
from tests.integration.portal.jobs import accepted_job, deliver, new_broker, wait_for
from tests.support.browser import sign_in
from tests.support.services import RunningService

# The first browser test of a run also waits for six services to start (over 2 min at load
# 20+ on the shared machine), which pytest-timeout counts against it.
pytestmark = pytest.mark.timeout(900)
BEADS, THREAD = "玻璃珠 4mm", "尼龙线"
WORDS = {
    "zh": {"sent": "已登记发料。", "received": "已确认签收。", "short": "短缺 0.2 kg",
           "used": "已报告物料耗用。",
           "ledger": "超过了这项材料的实收数量：耗用、退回和报废合计不能多于实收",
           "reason": "这个结论与订单的次品容许率不符：请填写理由", "inspected": "已登记检验。",
           "rework": "30 件退回返工", "state": "返工"},
    "en": {"sent": "Consignment recorded.", "received": "Receipt confirmed.",
           "short": "short by 0.2 kg", "used": "Materials use reported.",
           "ledger": "More than this line received: consumed, returned and scrapped cannot "
                     "add up to more",
           "reason": "This decision goes against the order's defect tolerance: give a reason",
           "inspected": "Inspection recorded.", "rework": "30 units sent back for rework",
           "state": "Rework"},
}  # fmt: skip


def test_receipt_shortage_usage_and_rework_between_office_and_broker(
    page: Page,
    office: OfficeLogin,
    intake: RunningService,
    matching: RunningService,
    fulfilment: RunningService,
    lang: str,
) -> None:
    broker = new_broker(intake, matching)
    materials = [
        {"item": BEADS, "quantity": "6", "unit": "kg"},
        {"item": THREAD, "quantity": "100", "unit": "m"},
    ]
    _, job = accepted_job(
        intake, matching, office, broker, quantity=300, fee="0.35", materials=materials,
        tolerance="2",
    )  # fmt: skip
    wait_for(
        f"{fulfilment.url}/v1/lots/{job}",
        office.headers,
        lambda lot: len(lot["materials"]) == 2,
        "the lot owed its materials",
    )

    # the office sends the materials
    sign_in(page, str(office.id), office.secret)
    page.goto(f"/office/lots/{job}")
    form = page.get_by_test_id("consignment-form")
    ledger = page.get_by_test_id("ledger")
    lines = [ledger.locator("tbody tr").nth(i).get_attribute("data-item") for i in range(2)]
    sent = {BEADS: "6", THREAD: "110"}
    for n, item in enumerate(lines):
        form.locator(f"#f-quantity-{n}").fill(sent[str(item)])
    form.locator("#f-carrier").fill("丽水顺达物流")
    form.get_by_test_id("send").click()
    expect(page.get_by_test_id("notice")).to_have_text(WORDS[lang]["sent"])

    # the broker, on a phone, counts 0.2 kg of beads short and confirms
    sign_in(page, str(broker.id), broker.secret)
    page.goto(f"/broker/lots/{job}")
    receipt = page.get_by_test_id("receipt-form")
    box = receipt.locator("#f-counted-0").bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 240  # thumb-sized
    for n in range(2):
        field = receipt.locator(f"#f-counted-{n}")
        item = receipt.locator("input[name='item[]']").nth(n).get_attribute("value")
        field.fill("5.8" if item == BEADS else "110")
    receipt.get_by_test_id("confirm-receipt").click()
    expect(page.get_by_test_id("notice")).to_have_text(WORDS[lang]["received"])
    expect(page.locator(f"li[data-item='{BEADS}'] [data-testid=difference]")).to_have_text(
        WORDS[lang]["short"]
    )
    pdf = page.request.get(f"/broker/lots/{job}/receipt.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # delivery in matching; the broker reports use: more beads than arrived is refused
    deliver(matching, broker, job, good=300, bad=0)
    page.goto(f"/broker/lots/{job}")
    usage = page.get_by_test_id("usage-form")
    rows = usage.locator("fieldset")
    order = [rows.nth(i).get_attribute("data-item") for i in range(2)]
    b, t = order.index(BEADS), order.index(THREAD)
    usage.locator(f"#f-consumed-{b}").fill("5.9")
    usage.locator(f"#f-consumed-{t}").fill("104")
    usage.get_by_test_id("report-usage").click()
    usage = page.get_by_test_id("usage-form")
    expect(usage.locator(f"p.error[data-field=consumed-{b}]")).to_have_text(WORDS[lang]["ledger"])
    usage.locator(f"#f-consumed-{b}").fill("5.7")
    usage.locator(f"#f-scrapped-{b}").fill("0.1")
    usage.locator(f"#f-returned-{t}").fill("5")
    usage.locator(f"#f-scrapped-{t}").fill("1")
    usage.get_by_test_id("report-usage").click()
    expect(page.get_by_test_id("notice")).to_have_text(WORDS[lang]["used"])
    expect(page.get_by_test_id("over-allowance")).to_be_visible()  # 105 m of thread, 102 allowed
    # the goods go back to the market; the 送货单 opens from the lot's page
    page.get_by_test_id("back-open").click()
    back = page.get_by_test_id("back-form")
    back.locator("#f-carrier").fill("丽水顺达物流")
    back.get_by_test_id("send-back").click()
    note = page.get_by_test_id("note-pdf")
    expect(note).to_have_count(1)
    got = page.request.get(str(note.get_attribute("href")))
    assert got.status == 200 and got.body().startswith(b"%PDF")

    # the office sees the shortage, then inspects: 30 of 300 defective is over the 2 %
    sign_in(page, str(office.id), office.secret)
    page.goto(f"/office/lots/{job}")
    short = page.locator(f"li[data-item='{BEADS}'] [data-testid=difference]")
    expect(short).to_have_text(WORDS[lang]["short"])
    assert float(short.get_attribute("data-difference") or 0) == -0.2
    assert page.request.get(f"/office/lots/{job}/receipt.pdf").body().startswith(b"%PDF")
    inspection = page.get_by_test_id("inspection-form")
    inspection.locator("#f-inspected").fill("300")
    inspection.locator("#f-defective").fill("30")
    inspection.locator("#f-decision").select_option("accept")
    inspection.get_by_test_id("inspect").click()
    inspection = page.get_by_test_id("inspection-form")
    expect(inspection.locator("p.error[data-field=reason]")).to_have_text(WORDS[lang]["reason"])
    inspection.locator("#f-decision").select_option("reject_for_rework")
    due = (clock.today() + timedelta(days=3)).isoformat()
    inspection.locator("#f-rework_due").fill(due)
    inspection.get_by_test_id("inspect").click()
    expect(page.get_by_test_id("notice")).to_have_text(WORDS[lang]["inspected"])
    expect(page.get_by_test_id("lot-state")).to_have_attribute("data-state", "rework")

    # the broker sees the rework
    sign_in(page, str(broker.id), broker.secret)
    page.goto("/broker/lots")
    card = page.locator(f"[data-job-id='{job}']")
    expect(card.get_by_test_id("lot-state")).to_have_text(WORDS[lang]["state"])
    card.locator("a").click()
    expect(page.get_by_test_id("rework")).to_contain_text(WORDS[lang]["rework"])

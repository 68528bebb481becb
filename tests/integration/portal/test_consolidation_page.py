"""Shipping lots together, in a real browser, in Chinese and in English: two brokers of one
county each accept a lot whose materials are ready today; the office's materials page leads
to the lots it can ship in one van, with the freight it saves (a third lot, owed no
materials, is not proposed); a consignment without a carrier is refused beside the carrier;
one consignment then serves both lots, filled in with what each is owed. The office's lot
page and the broker's lots show the broker's on-time and quality record."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.integration.portal.conftest import OfficeLogin
from tests.integration.portal.jobs import accepted_job, new_broker, wait_for
from tests.support.browser import sign_in
from tests.support.services import RunningService

pytestmark = pytest.mark.timeout(900)  # the first browser test of a run waits for the stack
COUNTY = "qingyuan"  # no other portal test ships lots from here
WORDS = {
    "zh": {"carrier": "请填写承运方", "done": "已登记合并发料。", "record": "经纪人的交货记录",
           "none": "尚无验收记录：按市场平均", "no market": "尚无记录：市场上还没有验收过的批次",
           "open": "加工中"},
    "en": {"carrier": "Enter the carrier", "done": "Consignment recorded for the lots shipped "
           "together.", "record": "The broker's record",
           "none": "no inspected lot yet: the market's rate",
           "no market": "no record yet: no lot in the market has been inspected",
           "open": "Open"},
}  # fmt: skip


def test_office_ships_two_lots_as_one_consignment(
    page: Page,
    office: OfficeLogin,
    intake: RunningService,
    matching: RunningService,
    fulfilment: RunningService,
    lang: str,
) -> None:
    jobs = []
    for units, beads in ((200, "4"), (300, "6")):
        broker = new_broker(intake, matching, county=COUNTY)
        owed = [{"item": "玻璃珠 4mm", "quantity": beads, "unit": "kg"}]
        _, job = accepted_job(
            intake, matching, office, broker, quantity=units, fee="0.30", materials=owed
        )
        wait_for(
            f"{fulfilment.url}/v1/lots/{job}",
            office.headers,
            lambda lot: len(lot["materials"]) == 1,
            "the lot owed its materials",
        )
        jobs.append(job)
    # a lot of the same county owed no materials has nothing to ship: never proposed
    broker = new_broker(intake, matching, county=COUNTY)
    _, bare = accepted_job(intake, matching, office, broker, quantity=100, fee="0.30")
    wait_for(f"{fulfilment.url}/v1/lots/{bare}", office.headers, bool, "the lot owed nothing")

    sign_in(page, str(office.id), office.secret)
    page.goto("/office/lots")
    page.get_by_test_id("consolidation-link").click()
    card = page.get_by_test_id("proposal").filter(has=page.locator(f"[data-job-id='{jobs[0]}']"))
    expect(card.locator(f"[data-job-id='{jobs[1]}']")).to_have_count(1)
    assert int(card.get_by_test_id("saved").get_attribute("data-fen") or 0) > 0
    key = card.get_attribute("data-key")
    expect(page.locator(f"[data-job-id='{bare}']")).to_have_count(0)

    # no carrier: refused beside the field, the figures kept
    card.get_by_test_id("open-consign").click()
    card.get_by_test_id("send-together").click()
    card = page.locator(f"[data-testid=proposal][data-key='{key}']")
    expect(card.locator("p.error[data-field=carrier]")).to_have_text(WORDS[lang]["carrier"])
    filled = [card.locator(f"#f-quantity-{n}").input_value() for n in range(2)]
    assert sorted(filled) == ["4", "6"]  # each lot's line filled in with what it is owed

    card.locator("#f-carrier").fill("丽水顺达物流")
    card.get_by_test_id("send-together").click()
    expect(page.get_by_test_id("notice")).to_have_text(WORDS[lang]["done"])
    expect(page.locator(f"[data-job-id='{jobs[0]}']")).to_have_count(0)  # served: not proposed

    served = [
        httpx.get(f"{fulfilment.url}/v1/lots/{j}", headers=office.headers, timeout=30).json()
        for j in jobs
    ]
    ids = {c["id"] for lot in served for c in lot["consignments"]}
    assert len(ids) == 1  # one consignment to both lots
    lines = served[0]["consignments"][0]["lines"]
    assert {ln["job_id"]: float(ln["quantity"]) for ln in lines} == {jobs[0]: 4.0, jobs[1]: 6.0}

    # the lot's page shows its own lines of the consignment, and that it carried another's
    page.goto(f"/office/lots/{jobs[0]}")
    expect(page.get_by_test_id("counted").locator("li")).to_have_count(1)
    expect(page.get_by_test_id("shipped-with")).to_contain_text("1")
    # the broker's record beside its lot: no inspected lot of its own yet, so the market's
    # rate, or no figure at all while no lot in the market has been inspected (test order)
    record = page.get_by_test_id("record")
    expect(record.locator("h2")).to_have_text(WORDS[lang]["record"])
    provider = served[0]["provider_id"]
    figures = httpx.get(
        f"{fulfilment.url}/v1/providers/{provider}/reliability", headers=office.headers
    ).json()
    said = "none" if figures["on_time"]["rate_pct"] is not None else "no market"
    expect(record.get_by_test_id("on-time")).to_contain_text(WORDS[lang][said])

    # the lot owed nothing says so, with no empty ledger or receipt to print
    page.goto(f"/office/lots/{bare}")
    expect(page.get_by_test_id("lot-state")).to_have_text(WORDS[lang]["open"])
    expect(page.get_by_test_id("no-materials")).to_be_visible()
    expect(page.get_by_test_id("receipt-pdf")).to_have_count(0)
    expect(page.get_by_test_id("ledger")).to_have_count(0)

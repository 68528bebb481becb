"""Live pages in a real browser, in Chinese and in English: a broker has the offers inbox
open when an office's order is offered to it, and the offer appears without a reload;
the office has its order open and sees it become PLACED when the broker accepts, without
a reload. Both get a notification, and the file sink writes exactly one line for the
offer even though the portal is handed the event twice."""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord
from playwright.sync_api import Browser, BrowserContext, Page, expect

from services.portal.live.routing import Kind
from shared.kafka.auth import client_kwargs
from shared.kafka.topics import PLACEMENTS
from tests.integration.portal.conftest import OfficeLogin
from tests.integration.portal.test_broker_pages import BrokerLogin, broker, submit_order
from tests.support.browser import WAIT_MS, new_context, sign_in, wait_until
from tests.support.kafka_io import read_all
from tests.support.services import RunningService
from tests.support.stack import ROOT

__all__ = ["broker"]  # the fixture, shared with the broker pages' tests
WORDS = {
    "zh": {"matching": "匹配中", "placed": "已分配", "offer": "新订单", "took": "接下了"},
    "en": {"matching": "Matching", "placed": "Placed", "offer": "New offer", "took": "took"},
}
T = TypeVar("T")


@pytest.fixture
def browser_for_office(
    browser: Browser, portal: RunningService, lang: str
) -> Iterator[BrowserContext]:
    """The office's own browser profile (the broker's is ``context``)."""
    ctx = new_context(browser, portal.url, lang=lang)
    yield ctx
    ctx.close()


def in_thread(work: Callable[[], T]) -> T:
    # Playwright's sync API holds this thread's event loop: Kafka I/O runs in another.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


def sink_lines() -> list[dict[str, Any]]:
    state = Path(os.environ.get("PROCNET_STATE_DIR", ROOT / ".state" / "test"))
    path = state / "portal" / "notifications.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def offered_record(bootstrap: str, order_id: str) -> ConsumerRecord:
    records = in_thread(lambda: asyncio.run(read_all(bootstrap, PLACEMENTS.name)))
    for r in records:
        value = json.loads(r.value)
        if value["type"] == "JobOffered" and value["payload"]["order_id"] == order_id:
            return r
    raise AssertionError("no JobOffered for the order on matching.placements")


def deliver_again(bootstrap: str, record: ConsumerRecord) -> None:
    """The same event (same id, bytes and key) once more, as a redelivery after a crash."""

    async def send() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_kwargs())
        await producer.start()
        try:
            await producer.send_and_wait(
                record.topic, record.value, key=record.key, headers=list(record.headers)
            )
        finally:
            await producer.stop()

    in_thread(lambda: asyncio.run(send()))


def open_live(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("data-live", "connected")
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    # When each order card and each status first showed (the latencies the run prints).
    page.evaluate(
        """window.__seenAt = {};
        new MutationObserver(() => {
          document.querySelectorAll('[data-order-id], [data-status]').forEach((el) => {
            const key = el.dataset.status || el.dataset.orderId;
            if (!(key in window.__seenAt)) { window.__seenAt[key] = Date.now(); }
          });
        }).observe(document.body, {childList: true, subtree: true});"""
    )


def seen_at(page: Page, key: str) -> float:
    return float(page.evaluate(f"window.__seenAt[{json.dumps(key)}]")) / 1000


def after(seen: float, occurred_at: str) -> float:
    """Seconds from an event's occurrence (its envelope's time) to a page showing it."""
    return round(seen - datetime.fromisoformat(occurred_at).timestamp(), 2)


def still_same_document(page: Page) -> None:
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"


def test_offers_and_order_status_arrive_live_and_are_notified_once(
    context: BrowserContext,
    browser_for_office: BrowserContext,
    broker: BrokerLogin,
    office: OfficeLogin,
    intake: RunningService,
    bootstrap: str,
    lang: str,
) -> None:
    broker_page = context.new_page()
    sign_in(broker_page, str(broker.id), broker.secret)
    open_live(broker_page, "/broker/offers")

    order_id = submit_order(intake, office, broker.category)
    office_page = browser_for_office.new_page()
    sign_in(office_page, str(office.id), office.secret)
    open_live(office_page, f"/office/orders/{order_id}")

    # The offer appears on the open inbox, its countdown ticking, without a reload.
    card = broker_page.locator(f"[data-order-id='{order_id}']")
    expect(card).to_have_count(1, timeout=WAIT_MS)  # matching offers it, then the portal
    countdown = card.get_by_test_id("countdown")
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first)
    still_same_document(broker_page)
    expect(broker_page.get_by_test_id("unread")).to_have_text(re.compile(r"^[1-9]"))
    status = office_page.get_by_test_id("order-status")
    expect(status).to_have_text(WORDS[lang]["matching"], timeout=WAIT_MS)

    # The portal is handed the offer a second time; then the broker accepts (same order
    # key, same partition: the repeat is read before the acceptance).
    offered = offered_record(bootstrap, order_id)
    event_id = json.loads(offered.value)["event_id"]
    deliver_again(bootstrap, offered)
    offer_lag = after(seen_at(broker_page, order_id), json.loads(offered.value)["occurred_at"])
    card.get_by_test_id("accept").click()

    expect(status).to_have_attribute("data-status", "PLACED", timeout=WAIT_MS)
    expect(status).to_have_text(WORDS[lang]["placed"])
    still_same_document(office_page)
    placed_seen = seen_at(office_page, "PLACED")

    # Notifications, newest first; the file sink wrote the offer exactly once.
    office_page.goto("/notifications")
    expect(office_page.get_by_test_id("note-text").first).to_contain_text(WORDS[lang]["took"])
    broker_page.goto("/notifications")
    expect(broker_page.get_by_test_id("note-text").first).to_contain_text(WORDS[lang]["offer"])
    # read now: no badge (an empty red pill stayed in the menu: CSS overrode [hidden])
    expect(broker_page.get_by_test_id("unread")).to_have_count(1)
    expect(broker_page.get_by_test_id("unread")).to_be_hidden()

    def accepted_line_written() -> bool:
        return any(
            line["event_type"] == "OfferAccepted" and line["order_id"] == order_id
            for line in sink_lines()
        )

    wait_until(accepted_line_written, timeout=15, what="the file sink's line of the acceptance")
    offers = [
        line
        for line in sink_lines()
        if line["event_id"] == event_id and line["org_id"] == str(broker.id)
    ]
    assert len(offers) == 1, offers
    assert offers[0]["kind"] == Kind.OFFER and offers[0]["text"]["zh"].startswith("新订单")
    (accepted,) = [line for line in sink_lines() if line["event_type"] == "OfferAccepted"
                   and line["order_id"] == order_id]  # fmt: skip
    placed_lag = after(placed_seen, accepted["occurred_at"])
    print(f"live latency: offer shown {offer_lag} s after JobOffered, "
          f"PLACED shown {placed_lag} s after OfferAccepted")  # fmt: skip

"""The public pages, no sign-in, in Chinese and English: products, liaison offices with their
markets, the broker directory (no contacts), from the services' public reads."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.integration.portal.conftest import OfficeLogin
from tests.support.services import RunningService

WORDS = {
    "zh": {"beads": "门户测试串珠", "yiwu": "义乌", "centre": "集中加工点"},
    "en": {"beads": "Portal test beads", "yiwu": "Yiwu", "centre": "Processing centre"},
}


def test_products_offices_and_brokers_without_signing_in(
    page: Page, office: OfficeLogin, portal_category: str, lang: str
) -> None:
    page.goto("/categories")
    expect(page.get_by_test_id("categories")).to_contain_text(WORDS[lang]["beads"])
    page.goto("/offices")
    card = page.get_by_test_id("offices").locator(".card", has_text=office.name)
    expect(card).to_contain_text(WORDS[lang]["yiwu"])
    page.goto("/brokers?county=songyang")
    brokers = page.get_by_test_id("brokers")
    expect(brokers).to_contain_text(WORDS[lang]["beads"])
    expect(brokers).to_contain_text(WORDS[lang]["centre"])
    expect(brokers).not_to_contain_text("139-0000-0000")  # a contact is never public


def test_the_public_reads_need_no_token_and_show_no_secrets(
    intake: RunningService, matching: RunningService, office: OfficeLogin, portal_category: str
) -> None:
    offices = httpx.get(f"{intake.url}/v1/public/offices", timeout=30)
    assert offices.status_code == 200
    mine = [o for o in offices.json() if o["name"] == office.name]
    assert mine == [{"name": office.name, "county": "suichang", "market": "yiwu"}]
    categories = httpx.get(f"{intake.url}/v1/public/categories", timeout=30).json()
    assert portal_category in {c["code"] for c in categories}
    brokers = httpx.get(f"{matching.url}/v1/public/brokers?county=songyang", timeout=30).json()
    assert any(portal_category in b["categories"] for b in brokers)
    assert all(set(b) == {"name", "county", "township", "mode", "categories", "workforce"}
               for b in brokers)  # fmt: skip
    assert httpx.get(f"{intake.url}/v1/orders", timeout=30).status_code == 401  # still guarded

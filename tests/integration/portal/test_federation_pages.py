"""The federation (admin) in a real browser, in Chinese and in English: it signs in with
its secret and lands on the load heat map; a season it defines through the form shows in
the map's data; bad input in the season form is said beside the field in the page's
language; a secret rotation shows the new secret once and the old one no longer signs in."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin, letters, provider_body
from tests.integration.portal.page_checks import check_page
from tests.support.browser import DESKTOP, PHONE, new_context, sign_in, wait_until
from tests.support.services import RunningService
from tests.support.tokens import admin

WORDS = {
    "zh": {"load": "各县每周负荷", "defined": "季节已设定", "factor": "请输入 0 到 2 之间的系数",
           "end": "请输入不早于开始日期", "once": "它不会再次显示",
           "wrong": "单位编号或密钥不正确"},
    "en": {"load": "Load by county and week", "defined": "Season defined",
           "factor": "Enter a factor from 0 to 2", "end": "Enter a last day on or after the first",
           "once": "it will not be shown again", "wrong": "Unknown organisation or wrong secret"},
}  # fmt: skip
COUNTY = "qingyuan"


@dataclass
class AdminLogin:
    id: uuid.UUID
    secret: str


@pytest.fixture
def federation(intake: RunningService) -> AdminLogin:
    """A federation (admin) organisation with a secret, registered through intake's API."""
    body = {"name": f"丽水市妇联 {uuid.uuid4().hex[:6]}"}
    made = httpx.post(f"{intake.url}/v1/admins", json=body, headers=admin(), timeout=30)
    assert made.status_code == 201, made.text
    return AdminLogin(uuid.UUID(made.json()["id"]), made.json()["secret"])


def chart_data(page: Page) -> dict[str, Any]:
    """The heat map's data as the page gives it to ECharts (#load-data)."""
    found: dict[str, Any] = json.loads(page.locator("#load-data").text_content() or "{}")
    return found


def capacity(data: dict[str, Any], county: str, week: str) -> int:
    cells = [c for c in data["cells"] if c["county"] == county and c["week"] == week]
    return int(cells[0]["capacity"]) if cells else 0


def week_key(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def test_an_admin_signs_in_to_the_federation_home(
    page: Page, federation: AdminLogin, lang: str
) -> None:
    sign_in(page, federation.id.hex[:8], federation.secret)  # the short code works too
    assert page.url.endswith("/federation")
    expect(page.locator("h1")).to_have_text(WORDS[lang]["load"])
    expect(page.get_by_test_id("heatmap")).to_have_attribute("data-rendered", "1")


def test_a_season_defined_in_the_form_changes_the_heat_map(
    page: Page,
    federation: AdminLogin,
    portal_category: str,
    matching: RunningService,
    balancer: RunningService,
    lang: str,
) -> None:
    # A Qingyuan enterprise in a village of its own, 100 units a day: the season below
    # thins out only this village, so no other test's work is touched.
    village = f"岭头村{letters(4, uuid.uuid4())}"
    body = provider_body(portal_category) | {
        "county": COUNTY, "village": village, "categories": {portal_category: 100},
    }  # fmt: skip
    made = httpx.post(f"{matching.url}/v1/providers", json=body, headers=admin(), timeout=30)
    assert made.status_code == 201, made.text
    provider_id = made.json()["id"]
    monday = clock.today() + timedelta(days=21 - clock.today().weekday())
    week = week_key(monday)
    own: list[int] = []

    def balancer_knows_it() -> bool:  # the balancer learns providers from Kafka
        rows = httpx.get(
            f"{balancer.url}/v1/load/providers",
            params={"provider_id": provider_id},
            headers=admin(),
            timeout=30,
        ).json()
        own[:] = [
            r["capacity_units"] for r in rows if f"{r['iso_year']}-W{r['iso_week']:02d}" == week
        ]
        return bool(own) and own[0] > 0

    wait_until(balancer_knows_it, timeout=30, what="the balancer knows the enterprise")

    sign_in(page, str(federation.id), federation.secret)
    before = capacity(chart_data(page), COUNTY, week)
    assert before >= own[0]

    page.goto("/federation/seasons")
    form = page.get_by_test_id("season-form")
    name = f"岭头采茶 {uuid.uuid4().hex[:6]}"
    form.locator("#f-name").fill(name)
    form.locator("#f-start").fill(monday.isoformat())
    form.locator("#f-end").fill((monday + timedelta(days=6)).isoformat())
    form.locator("#f-county").select_option(COUNTY)
    form.locator("#f-village_group").fill(village)
    form.locator("#f-factor").fill("0")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("notice")).to_contain_text(WORDS[lang]["defined"])
    expect(page.get_by_test_id("seasons")).to_contain_text(name)

    after: list[int] = []

    def map_changed() -> bool:
        page.goto("/federation")
        after[:] = [capacity(chart_data(page), COUNTY, week)]
        return after[0] == before - own[0]

    wait_until(map_changed, timeout=30, what="the season in the heat map")
    # The chart drew the same cells the page embedded (its option, not its pixels).
    drawn = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('heatmap'))"
        ".getOption().series[0].data.length"
    )
    assert drawn == len(chart_data(page)["cells"])


def test_bad_season_input_is_said_beside_the_field(
    page: Page, federation: AdminLogin, lang: str
) -> None:
    sign_in(page, str(federation.id), federation.secret)
    page.goto("/federation/seasons")
    today = clock.today()
    form = page.get_by_test_id("season-form")
    form.locator("#f-name").fill("bad season")
    form.locator("#f-start").fill((today + timedelta(days=10)).isoformat())
    form.locator("#f-end").fill((today + timedelta(days=20)).isoformat())
    form.locator("#f-county").select_option(COUNTY)
    form.locator("#f-factor").fill("5")  # the balancer allows 0 to 2: its 422 names the field
    form.locator("button[type=submit]").click()
    expect(page.locator("p.error[data-field=factor]")).to_contain_text(WORDS[lang]["factor"])
    expect(page.locator("#f-factor")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-factor")).to_have_value("5")  # what was typed stays

    form = page.get_by_test_id("season-form")
    form.locator("#f-factor").fill("0.5")
    form.locator("#f-end").fill(today.isoformat())  # before the first day
    form.locator("button[type=submit]").click()
    expect(page.locator("p.error[data-field=end]")).to_contain_text(WORDS[lang]["end"])
    expect(page.locator("p.error[data-field=factor]")).to_have_count(0)


def test_a_new_secret_is_shown_once_and_the_old_one_stops_working(
    page: Page,
    federation: AdminLogin,
    office: OfficeLogin,
    portal: RunningService,
    lang: str,
) -> None:
    sign_in(page, str(federation.id), federation.secret)
    page.goto("/federation/organisations")
    card = page.locator(f"[data-org-id='{office.id}']")
    with page.expect_response(lambda r: r.url.endswith("/secret")) as answer:
        card.get_by_test_id("rotate").click()
    assert answer.value.headers["cache-control"] == "no-store"  # not kept by the browser
    expect(page.get_by_test_id("secret-warning")).to_contain_text(WORDS[lang]["once"])
    secret = page.get_by_test_id("new-secret").inner_text().strip()
    assert secret and secret != office.secret
    page.goto("/federation/organisations")
    assert secret not in page.content()  # shown once: no page shows it again

    browser = page.context.browser
    assert browser is not None
    for tried, works in ((office.secret, False), (secret, True)):
        other = new_context(browser, portal.url, lang=lang)
        try:
            login = other.new_page()
            login.goto("/login")
            login.fill("#f-org", str(office.id))
            login.fill("#f-secret", tried)
            login.click("form[action='/login'] button[type=submit]")
            if works:
                login.wait_for_url(lambda url: "/login" not in url)
                expect(login.get_by_test_id("who")).to_contain_text(office.name)
            else:
                expect(login.locator("p.error[data-field=org]")).to_have_text(WORDS[lang]["wrong"])
        finally:
            other.close()


FEDERATION_PAGES = (
    "/federation",
    "/federation/unmatched",
    "/federation/seasons",
    "/federation/providers",
    "/federation/organisations",
)


def test_federation_pages_fit_a_phone_and_a_desktop(
    browser: Browser, portal: RunningService, federation: AdminLogin, lang: str
) -> None:
    """Nothing scrolls sideways at 360 wide (tables scroll inside their own box), no
    critical axe violation, and the heat map is drawn at both sizes."""
    for viewport in (PHONE, DESKTOP):
        context = new_context(browser, portal.url, lang=lang, viewport=viewport)
        try:
            page = context.new_page()
            sign_in(page, str(federation.id), federation.secret)
            for path in FEDERATION_PAGES:
                check_page(page, path, viewport, lang)
            page.goto("/federation")
            expect(page.get_by_test_id("heatmap")).to_have_attribute("data-rendered", "1")
        finally:
            context.close()

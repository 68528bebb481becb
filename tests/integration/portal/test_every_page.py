"""Every page of the portal, as each audience sees it (public, office, provider, admin), in
Chinese and English, on a phone (360x740) and a desktop (1280x800).

The pages are found by crawling the menu links the portal draws for that audience (so pages
other areas add later are covered without touching this file), plus the detail pages below.
For each page: a full-page screenshot in ``results/screenshots/`` (git-ignored; ``make
screenshots`` keeps a few in docs/screenshots), axe-core (served by the portal, injected from
vendor/web) with no "critical" violation, no request to any host but the portal (requests
elsewhere are aborted and reported), no part of the page (style, script, icon) missing and
no error in the browser's console, and on the phone no sideways scrolling. Every problem
of a run is reported at once. The offers inbox must transfer under 150 KB.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
    ViewportSize,
)

from services.portal.config import PortalSettings
from services.portal.session import COOKIE, Session, SessionCodec
from shared.identity import Role, issue_token
from shared.region import clock
from tests.integration.portal.conftest import OfficeLogin, letters, provider_body, register_office
from tests.support.browser import DESKTOP, PHONE, new_context, sign_in, wait_until
from tests.support.services import RunningService
from tests.support.stack import ROOT
from tests.support.tokens import admin, bearer, keys

SHOTS = ROOT / "results" / "screenshots"
AXE = ROOT / "vendor" / "web" / "axe-core" / "axe.min.js"
VIEWPORTS: dict[str, ViewportSize] = {"phone": PHONE, "desktop": DESKTOP}
INBOX_BUDGET = 150 * 1024  # bytes transferred for the offers inbox (issue 14)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class World:
    """One organisation of each role, with an order, an open offer and a job to show."""

    office: OfficeLogin
    order_id: str
    broker_id: uuid.UUID
    broker_secret: str

    def details(self, role: str) -> list[str]:
        """Pages no menu links to directly (reached from a list)."""
        return {
            "public": ["/", "/login"],
            "office": [
                f"/office/orders/{self.order_id}",
                f"/office/orders/{self.order_id}/amend",
                "/office/consolidation",
            ],
            "provider": ["/"],
            "admin": ["/"],
        }[role]


@pytest.fixture(scope="module")
def world(intake: RunningService, matching: RunningService) -> World:
    office = register_office(intake)
    code = f"every_{letters(8, uuid.uuid4())}"
    with httpx.Client(timeout=30) as http:
        made = http.post(
            f"{intake.url}/v1/categories",
            json={"code": code, "name_en": "Beaded hair clips", "name_zh": "串珠发夹"},
            headers=admin(),
        )
        assert made.status_code == 201, made.text
        found: list[str] = []

        def registered() -> bool:  # matching learns the category from Kafka
            answer = http.post(
                f"{matching.url}/v1/providers", json=provider_body(code), headers=admin()
            )
            if answer.status_code == 201:
                found.append(answer.json()["id"])
            return bool(found)

        wait_until(registered, timeout=30, what="matching knows the category")
        broker_id = uuid.UUID(found[0])
        secret = http.post(f"{matching.url}/v1/providers/{broker_id}/secret", headers=admin())
        # one order becomes a job (accepted), the next stays an open offer in the inbox
        orders = [_order(http, intake, office, code, 200)]
        first = _offers(http, matching, broker_id, 1)
        accepted = http.post(
            f"{matching.url}/v1/offers/{first[0]}/accept", headers=bearer(broker_id, Role.PROVIDER)
        )
        assert accepted.status_code == 200, accepted.text
        orders.append(_order(http, intake, office, code, 300))
        _offers(http, matching, broker_id, 1)
    return World(office, orders[0], broker_id, secret.json()["secret"])


def _order(
    http: httpx.Client, intake: RunningService, office: OfficeLogin, code: str, units: int
) -> str:
    today = clock.today().isoformat()
    body = {
        "client_id": str(office.client_id), "category": code, "description": "串珠发夹 YW-2231",
        "quantity": units, "unit_fee_cny": "0.35", "materials_ready": today,
        "deadline": (clock.today() + timedelta(days=30)).isoformat(),
        "origin_market": "yiwu",
    }  # fmt: skip
    made = http.post(f"{intake.url}/v1/orders", json=body, headers=office.headers)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _offers(http: httpx.Client, matching: RunningService, broker: uuid.UUID, n: int) -> list[str]:
    seen: list[str] = []

    def offered() -> bool:
        answer = http.get(f"{matching.url}/v1/offers", headers=bearer(broker, Role.PROVIDER))
        seen[:] = [o["id"] for o in answer.json() if o["status"] == "open"]
        return len(seen) >= n

    wait_until(offered, timeout=60, what=f"{n} offers for the broker")
    return seen


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")


def _guarded(ctx: BrowserContext, portal_url: str, findings: Findings) -> None:
    """Abort and report every request that would leave the machine's test stack."""
    home = urlsplit(portal_url).netloc

    def check(route: Route, request: Request) -> None:
        if urlsplit(request.url).netloc == home:
            route.continue_()
        else:
            findings.foreign.append(request.url)
            route.abort()

    ctx.route("**/*", check)


def _signed_in(
    browser: Browser, portal: RunningService, world: World, role: str, lang: str, view: str
) -> BrowserContext:
    ctx = new_context(browser, portal.url, lang=lang, viewport=VIEWPORTS[view])
    if role == "admin":  # no admin form sign-in: the session an admin's token makes
        session = Session()
        fed = uuid.uuid4()
        session.sign_in(issue_token(keys(), fed, Role.ADMIN), str(fed), Role.ADMIN, "联合会",
                        time.time() + 3600)  # fmt: skip
        cookie = SessionCodec(PortalSettings().session_key).dumps(session)
        ctx.add_cookies([{"name": COOKIE, "value": cookie, "url": portal.url}])
    elif role in ("office", "provider"):
        page = ctx.new_page()
        org, secret = (
            (str(world.office.id), world.office.secret)
            if role == "office"
            else (str(world.broker_id), world.broker_secret)
        )
        sign_in(page, org, secret)
        page.close()
    return ctx


def _menu_links(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav.menu a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h.split("#")[0] for h in hrefs]


def _slug(path: str) -> str:
    return UUID.sub("detail", path.strip("/").replace("/", "_")) or "home"


def _broken_part(answer: Response, role: str, findings: Findings) -> None:
    """A part of a page (a style, a script, the browser's icon) the portal could not give:
    the browser logs each as an error (a page's own status is checked in ``_check_page``)."""
    if answer.status >= 400 and answer.request.resource_type != "document":
        findings.add(role, f"{urlsplit(answer.url).path} answered {answer.status}")


def _console_error(message: ConsoleMessage, role: str, findings: Findings) -> None:
    """What the browser logs as an error: a script's, or a resource it fetched on its own
    (the browser's icon is not a response of the page's)."""
    if message.type == "error":
        findings.add(role, f"console error: {message.text} ({message.location.get('url')})")


def _check_page(page: Page, path: str, where: str, view: str, findings: Findings) -> None:
    answer = page.goto(path, wait_until="load")
    if answer is None or answer.status >= 400:
        findings.add(where, f"answered {answer.status if answer else 'nothing'}")
    page.wait_for_load_state("networkidle")
    # Without one the browser asks for /favicon.ico, a 404 logged as an error on every page.
    icon = page.evaluate("() => document.querySelector('link[rel=icon]')?.href")
    if not icon or page.request.get(icon).status != 200:
        findings.add(where, f"no icon the portal serves (declared: {icon})")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{where.replace(' ', '-')}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    critical = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'critical')
             .map(v => v.id + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')"""
    )
    for violation in critical:
        findings.add(where, f"axe critical: {violation}")
    if view == "phone":
        wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if wide[0] > wide[1]:
            findings.add(where, f"overflows sideways: {wide[0]} px wide in a {wide[1]} px screen")


@pytest.mark.parametrize("view", sorted(VIEWPORTS))
@pytest.mark.parametrize("role", ["public", "office", "provider", "admin"])
def test_every_page_of_the_role(
    browser: Browser, portal: RunningService, world: World, role: str, lang: str, view: str
) -> None:
    findings = Findings()
    ctx = _signed_in(browser, portal, world, role, lang, view)
    _guarded(ctx, portal.url, findings)
    try:
        page = ctx.new_page()
        page.on("response", lambda answer: _broken_part(answer, role, findings))
        page.on("console", lambda message: _console_error(message, role, findings))
        page.goto("/")
        paths = list(dict.fromkeys(_menu_links(page) + world.details(role)))
        assert len(paths) >= 3, paths
        for path in paths:
            _check_page(page, path, f"{role} {lang} {view} {_slug(path)}", view, findings)
    finally:
        ctx.close()
    assert not findings.foreign, f"requests to other hosts: {findings.foreign}"
    assert not findings.problems, "\n".join(findings.problems)


def test_the_offers_inbox_transfers_under_150_kb(
    browser: Browser, portal: RunningService, world: World
) -> None:
    signing = new_context(browser, portal.url, lang="zh", viewport=PHONE)
    sign_in(signing.new_page(), str(world.broker_id), world.broker_secret)
    state = signing.storage_state()
    signing.close()
    # a fresh profile with only the session cookie: an empty cache, as a phone's first visit
    ctx = browser.new_context(base_url=portal.url, viewport=PHONE, storage_state=state)
    try:
        page = ctx.new_page()
        sizes: list[int] = []
        page.on("requestfinished", lambda r: sizes.append(_transferred(r)))
        page.goto("/broker/offers", wait_until="networkidle")
        assert page.locator("[data-offer-id]").count() >= 1
        total = sum(sizes)
        print(f"offers inbox: {len(sizes)} responses, {total} bytes transferred")
        assert len(sizes) >= 3  # the page, its style sheet and scripts were all counted
        assert 0 < total < INBOX_BUDGET, f"the offers inbox transferred {total} bytes"
    finally:
        ctx.close()


def _transferred(request: Request) -> int:
    sizes = request.sizes()
    return int(sizes["responseBodySize"] + sizes["responseHeadersSize"])

"""A real browser for the portal's tests: Debian's Chromium driven by Playwright.

Playwright's own browser download is not reachable here; ``infra/install-browser.sh``
installs ``chromium`` and ``fonts-noto-cjk`` from Debian (``make test`` runs it) and
Playwright drives that binary through ``executable_path``, headless.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)

from tests.support.stack import ROOT

CHROMIUM = Path(os.environ.get("PROCNET_CHROMIUM", "/usr/lib/chromium/chromium"))
PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# Page actions and expectations wait at most this long (a condition, never a sleep).
WAIT_MS = 15_000


def ensure_browser_installed() -> None:
    """Idempotent: the same script ``make test`` runs, for a pytest started by hand."""
    if not CHROMIUM.exists():
        subprocess.run(["bash", str(ROOT / "infra" / "install-browser.sh")], check=True)


@contextmanager
def chromium() -> Iterator[tuple[Playwright, Browser]]:
    ensure_browser_installed()
    args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium's sandbox refuses root
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        try:
            yield pw, browser
        finally:
            browser.close()


def _person_address() -> str:
    return "10." + ".".join(str(secrets.randbelow(254) + 1) for _ in range(3))


def new_context(
    browser: Browser, base_url: str, *, lang: str = "zh", viewport: ViewportSize = PHONE
) -> BrowserContext:
    """A fresh browser profile (no cookies) with the portal's language chosen."""
    context = browser.new_context(
        base_url=base_url,
        viewport=viewport,
        locale="zh-CN" if lang == "zh" else "en-US",
        # Each profile is a different person at a different address (the portal, on this
        # host, forwards it to the services' sign-in limits), as on real phones.
        extra_http_headers={"X-Forwarded-For": _person_address()},
    )
    context.add_cookies([{"name": "procnet_lang", "value": lang, "url": base_url}])
    context.set_default_timeout(WAIT_MS)
    return context


def sign_in(page: Page, org: str, secret: str) -> None:
    """Through the login form, as a person does."""
    page.goto("/login")
    page.fill("#f-org", org)
    page.fill("#f-secret", secret)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def wait_until(
    probe: Callable[[], bool], *, timeout: float = 30.0, what: str = "condition"
) -> None:
    """Poll a synchronous ``probe`` until it holds (browser tests run without an event loop)."""
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)  # the interval between polls of a condition with a deadline

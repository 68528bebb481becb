"""Checks the factory and federation journeys make on each of their pages: nothing
scrolls sideways at the viewport's width, and axe-core (served by the portal itself)
finds no critical accessibility violation."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, ViewportSize

AXE = "/static/vendor/axe-core/axe.min.js"


def check_page(page: Page, path: str, viewport: ViewportSize, lang: str) -> None:
    page.goto(path)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= viewport["width"], f"{path} is {wide} px wide at {viewport}"
    page.add_script_tag(url=AXE)
    critical = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => v.impact === 'critical').map(v => v.id + ': ' + v.help)"
    )
    assert critical == [], f"{path} ({lang}, {viewport['width']} px): {critical}"
    if folder := os.environ.get("PROCNET_ADMIN_SHOTS"):  # to look at by hand
        name = f"{path.strip('/').replace('/', '-')}-{lang}-{viewport['width']}.png"
        page.screenshot(path=Path(folder) / name)

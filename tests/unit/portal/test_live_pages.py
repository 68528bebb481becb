"""The live routes and ``?fragment=1`` without any server behind the portal."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.portal.bootstrap import bootstrap
from services.portal.config import PortalSettings
from services.portal.routes.live import start_id
from services.portal.session import COOKIE, Session, SessionCodec
from shared.identity import Role

SETTINGS = PortalSettings(
    intake_url="http://127.0.0.1:9", matching_url="http://127.0.0.1:9", portal_live=False
)


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(bootstrap(SETTINGS), follow_redirects=False) as c:
        yield c


def sign_in(client: TestClient) -> None:
    session = Session()
    session.sign_in("not-a-real-token", "o", Role.PROVIDER, "Broker", time.time() + 3600)
    client.cookies.set(COOKIE, SessionCodec(SETTINGS.session_key).dumps(session))


def test_a_fragment_is_the_pages_main_part_only(client: TestClient) -> None:
    whole = client.get("/login")
    part = client.get("/login?fragment=1")
    assert part.status_code == 200 and part.headers["cache-control"] == "no-store"
    assert "<html" not in part.text and "<main" not in part.text and "<nav" not in part.text
    assert 'action="/login"' in part.text  # the form, with the macros of the template
    assert part.text.strip() in whole.text


def test_live_needs_a_session(client: TestClient) -> None:
    assert client.get("/live").status_code == 401


def test_live_off_is_said_and_notifications_still_answer(client: TestClient) -> None:
    sign_in(client)
    assert client.get("/live").status_code == 503
    assert client.get("/notifications/unread").json() == {"unread": 0}
    page = client.get("/notifications")
    assert page.status_code == 200 and "live.js" in page.text
    assert 'href="/notifications"' in page.text  # the menu entry


def test_a_signed_out_page_loads_no_live_script(client: TestClient) -> None:
    assert "live.js" not in client.get("/login").text


def test_a_stream_starts_after_the_last_note_seen_else_at_the_pages_render() -> None:
    now = int(time.time() * 1000)
    assert start_id("1700000000000-3", str(now)) == "1700000000000-3"  # a reconnect
    assert start_id("", str(now - 2000)) == f"{now - 2000}-0"
    # A stale or future render time (a phone's clock) is kept within the last 10 s.
    assert int(start_id("", "1").split("-")[0]) >= now - 10_000
    assert int(start_id("", str(now + 60_000)).split("-")[0]) <= int(time.time() * 1000)
    assert int(start_id("garbage", "x").split("-")[0]) >= now - 10_000


def test_a_signed_in_page_gives_live_js_its_render_time(client: TestClient) -> None:
    sign_in(client)
    page = client.get("/notifications").text
    since = int(page.split('live.js" data-since="')[1].split('"')[0])
    assert abs(since - (time.time() * 1000 - 3000)) < 5000

"""The live routes and ``?fragment=1`` without any server behind the portal."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.portal.bootstrap import bootstrap
from services.portal.config import PortalSettings
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

"""The portal's own behaviour without any service behind it: languages, CSRF, the session
cookie's flags, where a missing or expired session goes, the 404 page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.portal.bootstrap import bootstrap
from services.portal.config import PortalSettings
from services.portal.session import COOKIE, Session, SessionCodec
from shared.identity import Role

# Nothing listens on port 9: any call to a service fails as "unavailable".
SETTINGS = PortalSettings(
    intake_url="http://127.0.0.1:9", matching_url="http://127.0.0.1:9", portal_live=False
)


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(bootstrap(SETTINGS), follow_redirects=False) as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


def signed_in_cookie(expires_at: float) -> str:
    session = Session()
    session.sign_in("not-a-real-token", "o", Role.OFFICE, "Test office", expires_at)
    return SessionCodec(SETTINGS.session_key).dumps(session)


def test_chinese_by_default_english_by_a_remembered_switch(client: TestClient) -> None:
    assert "登录" in client.get("/login").text
    switched = client.get("/lang/en?next=/login")
    assert switched.status_code == 303 and switched.headers["location"] == "/login"
    assert "procnet_lang=en" in switched.headers["set-cookie"]
    page = client.get("/login")  # the cookie jar now carries the language
    assert "Sign in" in page.text and "登录" not in page.text
    assert '<html lang="en">' in page.text


def test_the_session_cookie_is_httponly_and_samesite_lax(client: TestClient) -> None:
    cookie = client.get("/login").headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_form_without_the_session_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    refused = client.post("/login", data={"org": "abcdef12", "secret": "x", "csrf_token": "forged"})
    assert refused.status_code == 403 and 'data-testid="csrf-failed"' in refused.text


def test_login_errors_are_beside_the_field_in_the_page_language(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"org": "not an id", "secret": "", "csrf_token": token})
    assert answer.status_code == 422
    assert 'id="e-org"' in answer.text and "请输入单位编号或8位短码" in answer.text
    assert 'id="e-secret"' in answer.text and "请输入密钥" in answer.text


def test_a_page_for_offices_sends_a_stranger_to_sign_in(client: TestClient) -> None:
    answer = client.get("/office/orders")
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/office/orders"


def test_an_expired_session_goes_to_the_login_page_with_a_notice(client: TestClient) -> None:
    client.cookies.set(COOKIE, signed_in_cookie(time.time() - 5))
    answer = client.get("/office/orders")
    assert answer.headers["location"] == "/login?expired=1&next=/office/orders"
    assert "Max-Age" in answer.headers["set-cookie"]  # the token is dropped from the cookie
    page = client.get(answer.headers["location"])
    assert 'data-testid="session-expired"' in page.text and "登录已过期" in page.text


def test_an_unknown_page_is_the_404_page(client: TestClient) -> None:
    answer = client.get("/no/such/page")
    assert answer.status_code == 404 and "页面不存在" in answer.text


def test_a_service_outage_is_a_page_not_a_stack_trace(client: TestClient) -> None:
    client.cookies.set(COOKIE, signed_in_cookie(time.time() + 600))
    answer = client.get("/office/orders")
    assert answer.status_code == 503 and 'data-testid="unavailable"' in answer.text


def test_no_redirect_leaves_the_site(client: TestClient) -> None:
    answer = client.get("/lang/en?next=//evil.example/")
    assert answer.headers["location"] == "/"


def test_health_answers(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200

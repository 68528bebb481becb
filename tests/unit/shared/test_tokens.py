import time
import uuid
from datetime import timedelta

import jwt
import pytest

from shared.identity import Role, TokenError, issue_token, verify_token

SECRET = "s" * 40


def test_token_round_trip_names_org_and_role() -> None:
    org = uuid.uuid4()
    p = verify_token(SECRET, issue_token(SECRET, org, Role.OFFICE, name="Suichang Yiwu office"))
    assert (p.org_id, p.role, p.name) == (org, Role.OFFICE, "Suichang Yiwu office")
    assert p.owns(org) and not p.owns(uuid.uuid4())


def test_admin_owns_everything() -> None:
    p = verify_token(SECRET, issue_token(SECRET, uuid.uuid4(), Role.ADMIN))
    assert p.owns(uuid.uuid4())


def test_expired_token_is_refused() -> None:
    token = issue_token(SECRET, uuid.uuid4(), Role.PROVIDER, ttl=timedelta(seconds=-1))
    with pytest.raises(TokenError, match="expired"):
        verify_token(SECRET, token)


def test_a_token_remembered_as_valid_is_refused_once_it_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = issue_token(SECRET, uuid.uuid4(), Role.OFFICE, ttl=timedelta(minutes=5))
    verify_token(SECRET, token)  # checked and remembered
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(TokenError, match="expired"):
        verify_token(SECRET, token)


def test_tampered_or_foreign_key_token_is_refused() -> None:
    token = issue_token(SECRET, uuid.uuid4(), Role.OFFICE)
    head, body, sig = token.split(".")
    with pytest.raises(TokenError):
        verify_token(SECRET, f"{head}.{body}.{sig[:-2]}xx")
    with pytest.raises(TokenError):
        verify_token("another-secret-" + "x" * 30, token)


def test_unsigned_token_is_refused() -> None:
    unsigned = jwt.encode({"sub": str(uuid.uuid4()), "role": "admin"}, None, algorithm="none")
    with pytest.raises(TokenError):
        verify_token(SECRET, unsigned)

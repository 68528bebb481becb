import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest

from shared.identity import Role, TokenError, issue_token, verify_token
from shared.identity.keys import KeyRing, ensure_keys


@pytest.fixture
def keys(tmp_path: Path) -> KeyRing:
    ensure_keys(tmp_path)
    return KeyRing.load(tmp_path)


def test_token_round_trip_names_org_and_role(keys: KeyRing) -> None:
    org = uuid.uuid4()
    p = verify_token(keys, issue_token(keys, org, Role.OFFICE, name="Suichang Yiwu office"))
    assert (p.org_id, p.role, p.name) == (org, Role.OFFICE, "Suichang Yiwu office")
    assert p.owns(org) and not p.owns(uuid.uuid4())


def test_tokens_are_eddsa_and_name_their_key(keys: KeyRing) -> None:
    header = jwt.get_unverified_header(issue_token(keys, uuid.uuid4(), Role.OFFICE))
    assert header["alg"] == "EdDSA" and header["kid"] in keys.public


def test_admin_owns_everything(keys: KeyRing) -> None:
    p = verify_token(keys, issue_token(keys, uuid.uuid4(), Role.ADMIN))
    assert p.owns(uuid.uuid4())


def test_expired_token_is_refused(keys: KeyRing) -> None:
    token = issue_token(keys, uuid.uuid4(), Role.PROVIDER, ttl=timedelta(seconds=-1))
    with pytest.raises(TokenError, match="expired"):
        verify_token(keys, token)


def test_a_token_remembered_as_valid_is_refused_once_it_expires(
    keys: KeyRing, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = issue_token(keys, uuid.uuid4(), Role.OFFICE, ttl=timedelta(minutes=5))
    verify_token(keys, token)  # checked and remembered
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(TokenError, match="expired"):
        verify_token(keys, token)


def test_a_token_living_past_the_cap_is_refused(keys: KeyRing) -> None:
    """Finding 1: a 100-year token was accepted; now the lifetime is bounded (12 h)."""
    token = issue_token(keys, uuid.uuid4(), Role.ADMIN, ttl=timedelta(days=365 * 100))
    with pytest.raises(TokenError, match="longer than 12 hours"):
        verify_token(keys, token)
    assert verify_token(keys, token, max_ttl=timedelta(days=365 * 101)).is_admin


def test_tampered_or_foreign_key_token_is_refused(keys: KeyRing, tmp_path: Path) -> None:
    token = issue_token(keys, uuid.uuid4(), Role.OFFICE)
    head, body, sig = token.split(".")
    with pytest.raises(TokenError):
        verify_token(keys, f"{head}.{body}.{sig[:-2]}xx")
    other = tmp_path / "other"
    ensure_keys(other)
    with pytest.raises(TokenError, match="unknown key"):
        verify_token(KeyRing.load(other), token)


def test_unsigned_or_symmetric_tokens_are_refused(keys: KeyRing) -> None:
    """Finding 1: an HS256 token signed with the old constant development secret (or any
    shared secret, even with the right kid) is refused."""
    kid = next(iter(keys.public))
    claims = {
        "sub": str(uuid.uuid4()),
        "role": "admin",
        "iss": "procnet",
        "iat": datetime.now(UTC),
        "exp": datetime.now(UTC) + timedelta(hours=1),
    }
    unsigned = jwt.encode(claims, None, algorithm="none", headers={"kid": kid})  # type: ignore[arg-type]
    forged = jwt.encode(
        claims,
        "dev-only-secret-change-me-0123456789abcdef",
        algorithm="HS256",
        headers={"kid": kid},
    )
    for token in (unsigned, forged):
        with pytest.raises(TokenError):
            verify_token(keys, token)


def test_rollover_keeps_old_tokens_valid(tmp_path: Path) -> None:
    from shared.identity.keys import rotate_keys

    ensure_keys(tmp_path)
    old = issue_token(KeyRing.load(tmp_path), uuid.uuid4(), Role.OFFICE)
    new_kid = rotate_keys(tmp_path)
    ring = KeyRing.load(tmp_path)
    assert ring.signing[0] == new_kid and len(ring.public) == 2
    assert verify_token(ring, old).role is Role.OFFICE

"""The session cookie is signed: tampering gives a fresh anonymous session."""

import time
import uuid

from services.portal.session import Session, SessionCodec
from shared.identity import Role


def test_a_signed_session_reads_back() -> None:
    codec = SessionCodec("k" * 32)
    session = Session()
    org = str(uuid.uuid4())
    session.sign_in("tok", org, Role.OFFICE, "Yiwu office", time.time() + 60)
    back = codec.loads(codec.dumps(session))
    assert (back.token, back.org_id, back.role, back.name) == ("tok", org, "office", "Yiwu office")
    assert back.csrf == session.csrf and back.signed_in and not back.expired and not back.dirty


def test_a_tampered_or_foreign_cookie_is_a_fresh_session() -> None:
    codec = SessionCodec("k" * 32)
    signed = Session()
    signed.sign_in("tok", "o", Role.OFFICE, "", time.time() + 60)
    raw = codec.dumps(signed)
    forged = raw[:-2] + ("yy" if raw.endswith("xx") else "xx")  # always a changed signature
    assert forged != raw and not codec.loads(forged).signed_in
    assert not SessionCodec("other" * 8).loads(raw).signed_in
    assert codec.loads(None).dirty  # a new session must be sent to the browser


def test_sign_in_and_out_renew_the_csrf_token() -> None:
    session = Session()
    before = session.csrf
    session.sign_in("tok", "o", Role.PROVIDER, "", time.time() + 60)
    during = session.csrf
    session.sign_out()
    assert len({before, during, session.csrf}) == 3 and not session.signed_in


def test_a_token_past_its_expiry_is_an_expired_session() -> None:
    session = Session()
    session.sign_in("tok", "o", Role.OFFICE, "", time.time() - 1)
    assert session.expired

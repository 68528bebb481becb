"""The browser session: a signed, HttpOnly, SameSite=Lax cookie holding the organisation's
token, who it is, and the CSRF token of its forms. Nothing is stored server-side.

The cookie is signed (itsdangerous), not encrypted: it holds only what the browser's owner
may see (their own bearer token and name). A tampered or too old cookie reads as a fresh
anonymous session.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass, field

from itsdangerous import BadSignature, URLSafeTimedSerializer

from shared.identity import Role

COOKIE = "procnet_session"
# The cookie never outlives the 7-day tokens the services issue.
MAX_AGE_S = 7 * 24 * 3600


@dataclass
class Session:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    token: str | None = None
    org_id: str | None = None
    role: str | None = None
    name: str = ""
    expires_at: float = 0.0  # the token's expiry (epoch seconds)
    dirty: bool = field(default=False, compare=False)

    @property
    def signed_in(self) -> bool:
        return self.token is not None

    @property
    def expired(self) -> bool:
        return self.signed_in and self.expires_at <= time.time()

    @property
    def role_enum(self) -> Role | None:
        return Role(self.role) if self.role else None

    def sign_in(self, token: str, org_id: str, role: Role, name: str, expires_at: float) -> None:
        # A new CSRF token at every sign-in: one planted before it is worth nothing.
        self.csrf = secrets.token_urlsafe(24)
        self.token, self.org_id, self.role, self.name = token, org_id, role.value, name
        self.expires_at = expires_at
        self.dirty = True

    def sign_out(self) -> None:
        self.csrf = secrets.token_urlsafe(24)
        self.token = self.org_id = self.role = None
        self.name, self.expires_at = "", 0.0
        self.dirty = True


class SessionCodec:
    """Signs sessions into cookie values and reads them back."""

    def __init__(self, key: str) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt="procnet-portal-session")

    def dumps(self, session: Session) -> str:
        data = asdict(session)
        data.pop("dirty")
        return self._serializer.dumps(data)

    def loads(self, raw: str | None) -> Session:
        """The session in ``raw``, or a fresh one (new, so it must be sent)."""
        if raw:
            try:
                data = self._serializer.loads(raw, max_age=MAX_AGE_S)
                return Session(**data)
            except (BadSignature, TypeError, ValueError):
                pass
        return Session(dirty=True)

"""JWT (HS256) tokens every service verifies with the key from its settings.

No service needs another's database to authenticate a caller: the token says
which organisation the caller belongs to and with which role.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

import jwt

ALGORITHM = "HS256"
ISSUER = "procnet"


class Role(StrEnum):
    OFFICE = "office"  # a county liaison office in a market
    PROVIDER = "provider"  # a broker's processing enterprise
    ADMIN = "admin"  # county or federation administration


class TokenError(Exception):
    """Missing, expired, tampered or otherwise unusable token."""


@dataclass(frozen=True)
class Principal:
    org_id: uuid.UUID
    role: Role
    name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def owns(self, owner_org_id: uuid.UUID) -> bool:
        return self.is_admin or self.org_id == owner_org_id


def issue_token(
    secret: str,
    org_id: uuid.UUID,
    role: Role,
    *,
    name: str = "",
    ttl: timedelta = timedelta(days=7),
) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(org_id),
        "role": role.value,
        "name": name,
        "iss": ISSUER,
        "iat": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(secret: str, token: str) -> Principal:
    principal, expires = _verified(secret, token)
    if expires <= time.time():  # a token checked while valid expires in the cache too
        raise TokenError("token expired")
    return principal


# Organisations send the same token for days: its signature is checked once, then
# remembered with its expiry. Failures raise, so they are never remembered.
@lru_cache(maxsize=4096)
def _verified(secret: str, token: str) -> tuple[Principal, float]:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],  # pinned: refuses "none" and algorithm swaps
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
        principal = Principal(
            org_id=uuid.UUID(claims["sub"]), role=Role(claims["role"]), name=claims.get("name", "")
        )
        return principal, float(claims["exp"])
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("token expired") from exc
    except (jwt.InvalidTokenError, KeyError, ValueError) as exc:
        raise TokenError(f"invalid token: {exc}") from exc

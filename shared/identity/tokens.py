"""JWT tokens signed with the stack's Ed25519 key (EdDSA, with a ``kid``).

No service needs another's database to authenticate a caller: the token says
which organisation the caller belongs to and with which role, and every service
holds the public keys (``shared.identity.keys``). A token from the token exchange
also carries ``gen``, the generation of the organisation's secret: rotating the
secret changes it, and ``shared.identity.revocation`` refuses older tokens.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import lru_cache

import jwt

from shared.identity.keys import KeyRing, algorithm_of
from shared.region import clock

ALGORITHMS = ["EdDSA", "ES256"]  # pinned: refuses "none", HS256 and algorithm swaps
ISSUER = "procnet"
DEFAULT_TTL = timedelta(hours=12)


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
    # The organisation's secret generation when the token was issued (token exchange);
    # None for tokens an operator issued with the signing key (CLI, tests).
    generation: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def owns(self, owner_org_id: uuid.UUID) -> bool:
        return self.is_admin or self.org_id == owner_org_id


def issue_token(
    keys: KeyRing,
    org_id: uuid.UUID,
    role: Role,
    *,
    name: str = "",
    ttl: timedelta = DEFAULT_TTL,
    generation: str | None = None,
) -> str:
    kid, private = keys.signing
    now = clock.now()
    claims = {
        "sub": str(org_id),
        "role": role.value,
        "name": name,
        "iss": ISSUER,
        "iat": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
    }
    if generation is not None:
        claims["gen"] = generation
    return jwt.encode(claims, private, algorithm=algorithm_of(private), headers={"kid": kid})


def verify_token(keys: KeyRing, token: str, max_ttl: timedelta = DEFAULT_TTL) -> Principal:
    principal, expires = _verified(keys, token, max_ttl.total_seconds())
    if expires <= time.time():  # a token checked while valid expires in the cache too
        raise TokenError("token expired")
    return principal


# Organisations send the same token for hours: its signature is checked once, then
# remembered with its expiry. Failures raise, so they are never remembered.
@lru_cache(maxsize=4096)
def _verified(keys: KeyRing, token: str, max_ttl_s: float) -> tuple[Principal, float]:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
        if kid not in keys.public:
            raise TokenError("invalid token: signed with an unknown key")
        claims = jwt.decode(
            token,
            keys.public[kid],
            algorithms=ALGORITHMS,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
        if float(claims["exp"]) - float(claims["iat"]) > max_ttl_s + 1:
            raise TokenError(f"invalid token: lives longer than {max_ttl_s / 3600:g} hours")
        principal = Principal(
            org_id=uuid.UUID(claims["sub"]),
            role=Role(claims["role"]),
            name=claims.get("name", ""),
            generation=claims.get("gen"),
        )
        return principal, float(claims["exp"])
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("token expired") from exc
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError) as exc:
        raise TokenError(f"invalid token: {exc}") from exc

"""Organisation secrets: shown once when issued, stored only as a salted scrypt hash."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from concurrent.futures import ThreadPoolExecutor
from functools import cache

# scrypt cost: ~16 MiB and a few milliseconds per check; enough to make a stolen
# table expensive to brute-force, cheap enough for a token exchange.
N, R, P = 2**14, 8, 1
# Two scrypt runs at once (16 MiB each), off the event loop; more would only queue on
# two cores. hashlib.scrypt releases the GIL, so requests keep being served meanwhile.
_HASHING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="scrypt")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=N, r=R, p=P)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        _, n, r, p, salt, digest = stored.split("$")
        again = hashlib.scrypt(secret.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(again, _unb64(digest))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


async def check_secret(secret: str, stored: str | None) -> bool:
    """scrypt off the event loop; an unknown organisation costs the same as a known one."""
    loop = asyncio.get_running_loop()
    against = stored or decoy_hash()
    matches = await loop.run_in_executor(_HASHING, verify_secret, secret, against)
    return matches and stored is not None


async def new_secret_hash() -> tuple[str, str]:
    """A new secret and its hash (hashed off the event loop)."""
    secret = new_secret()
    loop = asyncio.get_running_loop()
    return secret, await loop.run_in_executor(_HASHING, hash_secret, secret)


@cache
def decoy_hash() -> str:
    return hash_secret(new_secret())

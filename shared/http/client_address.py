"""The address of the person behind a request, through a trusted proxy.

The portal signs everyone in through the services' ``POST /v1/token``, so to them every
person has the portal's address. The token exchange slows and then blocks failures per
address (``shared/identity/throttle.py``); keyed on the portal's address, a handful of
mistyped secrets (or anyone trying 20 on purpose) would lock every user out at once.
So a proxy in ``PROCNET_TRUSTED_PROXIES`` (default: this host, where the portal and a
front web server run) may say who it is forwarding in ``X-Forwarded-For``; from any
other peer the header is ignored, so nobody can pick an address to escape the limit.
"""

from __future__ import annotations

import os

from starlette.requests import Request

FORWARDED_FOR = "X-Forwarded-For"
_DEFAULT_TRUSTED = "127.0.0.1,::1"


def trusted_proxies() -> frozenset[str]:
    raw = os.environ.get("PROCNET_TRUSTED_PROXIES", _DEFAULT_TRUSTED)
    return frozenset(a.strip() for a in raw.split(",") if a.strip())


def client_address(request: Request, trusted: frozenset[str] | None = None) -> str:
    """The peer, or, when the peer is a trusted proxy, the address it forwards (the
    right-most entry: the one that proxy itself added)."""
    peer = request.client.host if request.client else "-"
    if peer not in (trusted_proxies() if trusted is None else trusted):
        return peer
    forwarded = request.headers.get(FORWARDED_FOR, "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    return hops[-1] if hops else peer

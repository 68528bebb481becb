"""Asserting that a body over the cap is refused (shared/service/body_limit.py).

The service answers 413 as soon as it knows the body is too big, without reading the
rest; a client still sending may then see the connection closed (httpx.ReadError)
before it reads the 413. Both mean the body was refused unparsed; any other answer
(201, 400, 422: the old code's) fails.
"""

from __future__ import annotations

from collections.abc import Awaitable

import httpx

CLOSED = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


async def assert_refused_as_too_large(sending: Awaitable[httpx.Response]) -> None:
    try:
        r = await sending
    except CLOSED:
        return
    assert r.status_code == 413, r.text

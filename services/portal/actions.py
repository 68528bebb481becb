"""The shape of a one-button action (accept, decline, withdraw): send it to the service;
when someone got there first (409) show the page again with why, else go on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.responses import RedirectResponse, Response

from services.portal.client import Conflict


async def act(
    call: Awaitable[Any], done: str, too_late: Callable[[], Awaitable[Response]]
) -> Response:
    try:
        await call
    except Conflict:
        return await too_late()
    return RedirectResponse(done, status_code=303)

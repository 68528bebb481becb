"""Per-organisation request budget in Redis: a fixed one-minute window, 429 past it.

Redis only counts; if it is unreachable the request goes through (limits are
protection, not correctness, and PostgreSQL stays the truth for everything).
"""

from __future__ import annotations

import time
from typing import Annotated

import structlog
from fastapi import Depends, HTTPException, Request, status

from shared.identity import Principal
from shared.identity.fastapi_auth import CurrentPrincipal

log = structlog.get_logger()
WINDOW_S = 60


async def rate_limit(request: Request, who: CurrentPrincipal) -> Principal:
    limit: int = request.app.state.rate_limit_per_minute
    if limit <= 0:
        return who
    now = time.time()
    window = int(now // WINDOW_S)
    # Under procnet:<service>: the only keys the service's Redis ACL user may touch.
    service = request.app.state.infra.settings.service_name
    key = f"procnet:{service}:rl:{who.org_id}:{window}"
    try:
        redis = request.app.state.infra.redis
        count = await redis.incr(key)
        if count == 1:
            await redis.expire(key, WINDOW_S * 2)
    except Exception as exc:
        log.warning("rate limiter unavailable; letting the request through", error=repr(exc))
        return who
    if count > limit:
        retry_after = max(1, int((window + 1) * WINDOW_S - now))
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"more than {limit} requests a minute from your organisation",
            headers={"Retry-After": str(retry_after)},
        )
    return who


# The caller, authenticated and counted: every router of ``create_app`` carries this very
# dependency, so a route that names it gets the principal without FastAPI solving more.
LimitedPrincipal = Annotated[Principal, Depends(rate_limit)]

"""Live updates and notifications of the signed-in organisation.

``GET /live`` is a server-sent events stream of the organisation's notes (its Redis
stream, so a reconnecting EventSource resumes after ``Last-Event-ID`` and misses nothing);
``static/js/live.js`` re-fetches the open page's main part when a note names that page.
``GET /notifications`` lists them, newest first, and marks them read.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Any

import orjson
import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from redis.exceptions import RedisError

from services.portal import nav
from services.portal.client import SessionExpired
from services.portal.deps import SignedInApi
from services.portal.i18n import N_, current_language, gettext, use_language
from services.portal.live.routing import Note, fill
from services.portal.live.store import LIVE_BLOCK_MS, LiveStore
from services.portal.rendering import ENV, render, session_of

router = APIRouter()
log = structlog.get_logger()

# A page hears the notes from a little before it was rendered (its backend calls came
# first): base.html gives live.js that instant as ``data-since`` (``live_since()``).
RENDER_MARGIN_MS = 3_000
# Without it (or with a stale one) a stream starts this far back.
CATCH_UP_MS = 10_000
STREAM_ID = re.compile(r"\d{1,20}-\d{1,20}")


def live_since() -> int:
    return int(time.time() * 1000) - RENDER_MARGIN_MS


ENV.globals["live_since"] = live_since

for _audience in ("office", "provider", "admin"):
    nav.add(_audience, "/notifications", N_("Notifications"))


def _store(request: Request) -> LiveStore | None:
    found: LiveStore | None = request.app.state.live
    return found


def _signed_in_org(request: Request) -> str:
    session = session_of(request)
    if not session.signed_in or session.expired or not session.org_id:
        raise SessionExpired(401, "no session")
    return session.org_id


def shown(note: Note) -> dict[str, Any]:
    """A note as a page shows it, in the request's language."""
    return {**note.as_dict(), "text": fill(gettext(note.message), note.params)}


@router.get("/live", include_in_schema=False)
async def live(request: Request) -> Response:
    session = session_of(request)
    if not session.signed_in or session.expired or not session.org_id:
        return Response("sign in first", status_code=401)  # EventSource stops retrying
    store = _store(request)
    if store is None:
        return Response("live updates are off", status_code=503)
    after = start_id(request.headers.get("last-event-id", ""), request.query_params.get("since"))
    events = _events(store, session.org_id, after, current_language())
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)


def start_id(last_event_id: str, since: str | None) -> str:
    """Where a stream starts: after the last note the browser saw (a reconnect), else at the
    page's render time (not older than CATCH_UP_MS), else CATCH_UP_MS ago."""
    if STREAM_ID.fullmatch(last_event_id):
        return last_event_id
    now = int(time.time() * 1000)
    start = int(since) if since and since.isdigit() and len(since) < 16 else 0
    return f"{min(max(start, now - CATCH_UP_MS), now)}-0"


async def _events(store: LiveStore, org_id: str, after: str, lang: str) -> AsyncIterator[bytes]:
    yield b"retry: 2000\n\n"
    while True:
        try:
            found = await store.tail(org_id, after, LIVE_BLOCK_MS)
        except RedisError as exc:
            # End the stream: EventSource comes back in 2 s and resumes after ``after``.
            log.warning("live stream ended", error=repr(exc))
            return
        if not found:
            yield b": keepalive\n\n"
            continue
        unread = await store.unread(org_id)
        with use_language(lang):
            for stream_id, note in found:
                data = orjson.dumps({**shown(note), "unread": unread})
                yield b"id: " + stream_id.encode() + b"\nevent: note\ndata: " + data + b"\n\n"
                after = stream_id


@router.get("/notifications", include_in_schema=False)
async def notifications(request: Request, api: SignedInApi) -> Response:
    org_id = _signed_in_org(request)
    store = _store(request)
    found = await store.notifications(org_id) if store else []
    unread = await store.unread(org_id) if store else 0
    if store:
        await store.mark_read(org_id)
    items = [{**shown(note), "unread": i < unread} for i, (_, note) in enumerate(found)]
    context = {
        "notes": items,
        "live_off": store is None,
        "off": gettext(N_("Live updates are off")),
    }
    return render(request, "live/notifications.html", context)


@router.get("/notifications/unread", include_in_schema=False)
async def unread(request: Request) -> Response:
    org_id = _signed_in_org(request)
    store = _store(request)
    count = await store.unread(org_id) if store else 0
    return JSONResponse({"unread": count}, headers={"Cache-Control": "no-store"})

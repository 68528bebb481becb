"""Where notifications go out besides the portal's own list: a ``Notifier`` is anything
with ``name`` and ``async send(notification)``; the notification carries the
organisation's ``contact`` (phone or WeChat id, "" when unknown) the dispatcher looked up.
A webhook (POST JSON) and a file of JSON lines (development) are here; an SMS or WeChat
gateway is one more class and one more name in ``build``.

A sink that raises keeps the notification at the head of its queue (``dispatch.py``
retries it later); nothing is dropped.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import httpx
import orjson

from services.portal.i18n import gettext, use_language
from services.portal.live.routing import fill


class Notifier(Protocol):
    name: str

    async def send(self, notification: dict[str, Any]) -> None: ...


@runtime_checkable
class BatchNotifier(Notifier, Protocol):
    """A sink that takes several notifications at once, all or none (a file append)."""

    async def send_many(self, notifications: list[dict[str, Any]]) -> None: ...


def outgoing(note: dict[str, Any]) -> dict[str, Any]:
    """What a sink sends: the note plus its text in both languages (an SMS gateway needs
    words, not msgids) and the organisation's ``contact`` (phone or WeChat id; "" when
    none is known). ``event_id`` lets a receiver drop a resend after a crash."""
    text, msgid = {}, str(note["message"])
    for lang in ("zh", "en"):
        with use_language(lang):
            text[lang] = fill(gettext(msgid), note.get("params", {}))
    return {**note, "contact": str(note.get("contact") or ""), "text": text}


class FileSink:
    """Appends one JSON line per notification (development: under the state dir)."""

    name = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    async def send(self, notification: dict[str, Any]) -> None:
        await self.send_many([notification])

    async def send_many(self, notifications: list[dict[str, Any]]) -> None:
        lines = b"".join(orjson.dumps(outgoing(n)) + b"\n" for n in notifications)
        await asyncio.to_thread(self._append, lines)

    def _append(self, line: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One write() of an O_APPEND file: lines of concurrent writers never interleave.
        with self.path.open("ab") as f:
            f.write(line)


class WebhookSink:
    """POSTs each notification as JSON; any answer but 2xx is a failure (retried)."""

    name = "webhook"

    def __init__(self, url: str, timeout_s: float = 5.0) -> None:
        if not url:
            raise ValueError("the webhook sink needs PROCNET_PORTAL_NOTIFY_WEBHOOK_URL")
        self.url, self.timeout_s = url, timeout_s

    async def send(self, notification: dict[str, Any]) -> None:
        async with httpx.AsyncClient(timeout=self.timeout_s) as http:
            answer = await http.post(
                self.url,
                content=orjson.dumps(outgoing(notification)),
                headers={
                    "Content-Type": "application/json",
                    "Idempotency-Key": str(notification["event_id"]) + ":" + notification["org_id"],
                },
            )
            answer.raise_for_status()


def build(
    names: tuple[str, ...], *, file: Path, webhook_url: str, webhook_timeout_s: float = 5.0
) -> list[Notifier]:
    """The sinks ``names`` choose (settings: ``PROCNET_PORTAL_NOTIFY_SINKS``)."""
    sinks: list[Notifier] = []
    for name in names:
        if name == "file":
            sinks.append(FileSink(file))
        elif name == "webhook":
            sinks.append(WebhookSink(webhook_url, webhook_timeout_s))
        else:
            raise ValueError(f"unknown notification sink {name!r} (known: file, webhook)")
    return sinks

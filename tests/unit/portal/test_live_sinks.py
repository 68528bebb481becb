"""Notification sinks (a real file; a webhook against a small HTTP server of the test) and
the dispatcher that keeps a notification until its sink took it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from services.portal.live import sinks
from services.portal.live.dispatch import Dispatcher
from services.portal.live.routing import Kind, Note

OFFERED = "New offer: {units} pieces of {category}"
NOTE = Note("ev-1", "JobOffered", "org-1", Kind.OFFER, OFFERED, {"units": 200, "category": "beads"},
            "order-1", "2026-12-01T03:00:00+00:00").as_dict()  # fmt: skip


class Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []
    status = 204

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"body": json.loads(body), "headers": dict(self.headers)})
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[tuple[str, type[Hook]]]:
    handler = type("TestHook", (Hook,), {"received": [], "status": 204})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/notify", handler
    server.shutdown()
    server.server_close()


async def test_the_file_sink_appends_one_json_line_each_with_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "notifications.jsonl"
    sink = sinks.FileSink(path)
    await sink.send(NOTE)
    await sink.send({**NOTE, "event_id": "ev-2"})
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["event_id"] for line in lines] == ["ev-1", "ev-2"]
    assert lines[0]["text"] == {
        "zh": "新订单：beads 200 件",
        "en": "New offer: 200 pieces of beads",
    }
    assert lines[0]["org_id"] == "org-1" and lines[0]["link"] == "/broker/offers"


async def test_the_webhook_sink_posts_json(hook: tuple[str, type[Hook]]) -> None:
    url, handler = hook
    await sinks.WebhookSink(url).send(NOTE)
    (got,) = handler.received
    assert got["body"]["event_id"] == "ev-1" and got["body"]["text"]["en"].startswith("New offer")
    assert got["headers"]["Content-Type"] == "application/json"
    assert got["headers"]["Idempotency-Key"] == "ev-1:org-1"


async def test_a_refusing_webhook_is_a_failure(hook: tuple[str, type[Hook]]) -> None:
    url, handler = hook
    handler.status = 503
    with pytest.raises(httpx.HTTPStatusError):
        await sinks.WebhookSink(url).send(NOTE)


def test_settings_choose_the_sinks(tmp_path: Path) -> None:
    chosen = sinks.build(("file", "webhook"), file=tmp_path / "n", webhook_url="http://x/")
    assert [s.name for s in chosen] == ["file", "webhook"]
    assert sinks.build((), file=tmp_path / "n", webhook_url="") == []
    with pytest.raises(ValueError, match="sms"):
        sinks.build(("sms",), file=tmp_path / "n", webhook_url="")
    with pytest.raises(ValueError, match="WEBHOOK_URL"):
        sinks.build(("webhook",), file=tmp_path / "n", webhook_url="")


class Queue:
    """The three LiveStore methods a dispatcher uses, over a list (the Redis side is tested
    against Redis in tests/integration/live), counting the calls (round trips)."""

    def __init__(self, items: list[dict[str, Any]], contacts: dict[str, str] | None = None):
        self.items, self.contacts = items, contacts or {}
        self.calls = 0

    async def contacts_of(self, org_ids: list[str]) -> dict[str, str]:
        self.calls += 1
        return {o: self.contacts.get(o, "") for o in org_ids}

    async def next_batch(self, sink: str, limit: int) -> list[dict[str, Any]]:
        self.calls += 1
        return self.items[:limit]

    async def sent(self, sink: str, count: int = 1) -> None:
        self.calls += 1
        del self.items[:count]


async def test_a_failing_sink_keeps_the_notification_until_it_succeeds(
    hook: tuple[str, type[Hook]],
) -> None:
    url, handler = hook
    queue = Queue([NOTE, {**NOTE, "event_id": "ev-2"}])
    dispatcher = Dispatcher(queue, sinks.WebhookSink(url))  # type: ignore[arg-type]
    handler.status = 500
    with pytest.raises(httpx.HTTPStatusError):
        await dispatcher.send_one()
    assert len(queue.items) == 2  # kept, in order
    handler.status = 204
    assert await dispatcher.send_one() and await dispatcher.send_one()
    assert not await dispatcher.send_one()
    sent = [r["body"]["event_id"] for r in handler.received]
    assert sent == ["ev-1", "ev-1", "ev-2"]  # the failed try, its retry, the next one


async def test_a_sink_is_handed_the_organisations_contact_and_empty_when_unknown(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notifications.jsonl"
    other = {**NOTE, "event_id": "ev-2", "org_id": "org-2"}
    queue = Queue([NOTE, other], contacts={"org-1": "13905781234"})
    dispatcher = Dispatcher(queue, sinks.FileSink(path))  # type: ignore[arg-type]
    assert await dispatcher.send_one() and await dispatcher.send_one()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(x["org_id"], x["contact"]) for x in lines] == [("org-1", "13905781234"), ("org-2", "")]


async def test_the_webhook_body_carries_the_contact(hook: tuple[str, type[Hook]]) -> None:
    url, handler = hook
    await sinks.WebhookSink(url).send({**NOTE, "contact": "wxid_lishui01"})
    await sinks.WebhookSink(url).send(NOTE)  # a note no dispatcher gave a contact
    assert [r["body"]["contact"] for r in handler.received] == ["wxid_lishui01", ""]


async def test_a_batch_is_three_round_trips_and_one_append(tmp_path: Path) -> None:
    path = tmp_path / "notifications.jsonl"
    notes = [{**NOTE, "event_id": f"ev-{i}", "org_id": f"org-{i % 3}"} for i in range(40)]
    queue = Queue(notes, contacts={"org-1": "13905781234"})
    dispatcher = Dispatcher(queue, sinks.FileSink(path))  # type: ignore[arg-type]
    assert await dispatcher.send_batch() == 40  # the old dispatcher: one note, 3 calls each
    assert queue.calls == 3 and queue.items == []
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [x["event_id"] for x in lines] == [f"ev-{i}" for i in range(40)]
    assert {x["org_id"]: x["contact"] for x in lines} == {
        "org-0": "", "org-1": "13905781234", "org-2": "",
    }  # fmt: skip


async def test_a_webhook_failing_mid_batch_keeps_the_failed_note_and_the_rest(
    hook: tuple[str, type[Hook]],
) -> None:
    url, _ = hook
    notes = [{**NOTE, "event_id": f"ev-{i}"} for i in range(3)]
    queue = Queue(list(notes))
    dispatcher = Dispatcher(queue, sinks.WebhookSink(url))  # type: ignore[arg-type]
    sent: list[str] = []
    real_send = dispatcher.sink.send

    async def second_fails(note: dict[str, Any]) -> None:
        if note["event_id"] == "ev-1":
            raise httpx.ConnectError("down")
        await real_send(note)
        sent.append(note["event_id"])

    dispatcher.sink.send = second_fails  # type: ignore[method-assign,assignment]
    with pytest.raises(httpx.ConnectError):
        await dispatcher.send_batch()
    assert sent == ["ev-0"] and [n["event_id"] for n in queue.items] == ["ev-1", "ev-2"]

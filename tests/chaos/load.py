"""Open-loop order traffic: request i is due at start + i / rate, whatever came before.

Latency counts from the due time, so a slow server shows up as latency
rather than as a slower generator. Every request carries an Idempotency-Key.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.chaos.flows import Office, order_body, soon


@dataclass
class Sent:
    key: str
    body: dict[str, Any]
    at: float
    status: int = 0  # 0: no answer (connection refused, timeout)
    latency: float = 0.0
    order_id: str | None = None


def body_for(office: Office, category: str, quantity: int = 100) -> dict[str, Any]:
    return order_body(
        office,
        category=category,
        quantity=quantity,
        min_lot=quantity,
        materials_ready=str(soon(1)),
        deadline=str(soon(20)),
    )


@dataclass
class OrderTraffic:
    http: httpx.AsyncClient
    office: Office
    rate: float
    category: str
    sent: list[Sent] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        t0, i, tasks = time.monotonic(), 0, set()
        while not self._stop.is_set():
            due = t0 + i / self.rate
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), max(0.0, due - time.monotonic()))
            if self._stop.is_set():
                break
            sent = Sent(uuid.uuid4().hex, body_for(self.office, self.category), due)
            self.sent.append(sent)
            task = asyncio.create_task(post(self.http, self.office, sent))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            i += 1
        await asyncio.gather(*tasks)

    def stop(self) -> None:
        self._stop.set()

    def created(self) -> list[str]:
        return [s.order_id for s in self.sent if s.order_id]

    def statuses(self) -> set[int]:
        return {s.status for s in self.sent}


async def post(http: httpx.AsyncClient, office: Office, sent: Sent) -> None:
    headers = {**office.headers, "Idempotency-Key": sent.key}
    try:
        r = await http.post("/v1/orders", json=sent.body, headers=headers)
    except httpx.HTTPError:
        sent.status = 0
    else:
        sent.status = r.status_code
        if r.status_code in (200, 201):
            sent.order_id = r.json()["id"]
    sent.latency = time.monotonic() - sent.at


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]

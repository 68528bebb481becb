"""The brokers of a simulated week: they answer the week's offers once it is offered.

One watcher lists matching's open offers (every 0.2 s while new ones come, backing
off to 1 s) while the offices submit, and notes when each order's first offer
appears. The offers are answered once every order of the week has an offer or is
unmatched; after that each new offer (a declined order's re-offer) is answered as it
appears. Answering while the matcher was still placing the week was tried: on the
shared 2-core machine matching's CPU per order rose (68 -> 91 ms; accepts shared its
event loop with the matcher's rounds and declines trickled in as many small
re-matching rounds) and the weeks got slower, so the week is offered first.

Whether a broker declines is drawn from the seed, the order's place in the seeded
plan and the provider (``declines``), not from a shared stream in the order the
offers happened to arrive: the same offer gets the same answer in every run of a
seed, however matching's timing interleaves the week.

The week is settled when every order has an offer or intake says matching could
not place it, every answer has come back, and each declined order has either a new
offer or has been quiet for ``QUIET_S`` (a re-match that places nothing makes no
offer; an offer made later is answered by the next week's watcher).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from datetime import datetime
from typing import Any

from services.cli import demo_providers, sim_reads
from services.cli.api import Api, ApiError
from services.cli.seed import admin
from services.cli.sim_state import OrderRec, SimState, job_from_api
from shared.identity import Role

DECLINE = {"factory": 0.03, "centre": 0.06, "home": 0.10}
MODE = {p.id: p.mode for p in demo_providers.providers()}
WATCH_EVERY_S, WATCH_MAX_S, UNMATCHED_EVERY_S, QUIET_S = 0.2, 1.0, 0.5, 1.5
OFFER_WAIT_S = 180.0


def declines(seed: int, order_key: str, provider_id: str) -> bool:
    """The broker's answer to an offer, the same in every run of the seed."""
    draw = random.Random(f"{seed}:answer:{order_key}:{provider_id}").random()
    return draw < DECLINE.get(MODE.get(provider_id, "centre"), 0.06)


class Brokers:
    """Watches open offers and answers ours; ``settle`` waits until the week is answered."""

    def __init__(self, api: Api, state: SimState, week: int) -> None:
        self.api, self.state, self.week = api, state, week
        self.seen: set[str] = set()
        self.answering: set[asyncio.Task[None]] = set()
        self.unanswered: list[tuple[OrderRec, dict[str, Any]]] = []
        self.offered = False  # every order of the week has an offer or is unmatched
        self.declined: dict[str, float] = {}  # order id -> when, until it gets a new offer
        self.last_news = time.monotonic()  # the last new offer or decline
        self.stop = asyncio.Event()

    async def watch(self) -> None:
        """List open offers every 0.2 s while offers come; after a list with nothing new
        the pause doubles up to 1 s (a busy matcher's round can take seconds, and each
        list is a request matching answers between the round's steps)."""
        pause = WATCH_EVERY_S
        while not self.stop.is_set():
            pause = WATCH_EVERY_S if await self.look() else min(WATCH_MAX_S, 2 * pause)
            with contextlib.suppress(TimeoutError):  # stopped: no last pause to sleep
                await asyncio.wait_for(self.stop.wait(), pause)

    async def look(self) -> int:
        """One list of open offers; a new one of ours is noted and answered. Returns how
        many were new."""
        offers = await self.api.json(
            "matching", "GET", "/v1/offers", admin(self.api), params={"limit": 1000}
        )
        seen_at, new = time.monotonic(), 0
        for o in sorted(offers, key=lambda o: (o["order_id"], o["provider_id"])):
            rec = self.state.orders.get(o["order_id"])
            if rec is None or o["id"] in self.seen:
                continue
            self.seen.add(o["id"])
            self.last_news, new = seen_at, new + 1
            if rec.first_offer is None:
                rec.first_offer = seen_at
            self.declined.pop(rec.id, None)
            self.unanswered.append((rec, o))
        if self.offered:
            self.answer_all()
        return new

    def answer_all(self) -> None:
        """Answer every offer noted so far, concurrently (the API client bounds it)."""
        todo, self.unanswered = self.unanswered, []
        for rec, offer in todo:
            task = asyncio.create_task(self._answer(rec, offer))
            self.answering.add(task)
            task.add_done_callback(self.answering.discard)

    async def _answer(self, rec: OrderRec, offer: dict[str, Any]) -> None:
        state = self.state
        who = self.api.as_(uuid.UUID(offer["provider_id"]), Role.PROVIDER)
        no = declines(state.seed, rec.key or rec.id, offer["provider_id"])
        path = f"/v1/offers/{offer['id']}/" + ("decline" if no else "accept")
        body = {"reason": "workers busy with another client"} if no else None
        try:
            r = await self.api.call("matching", "POST", path, who, json=body)
        except ApiError:  # expired or withdrawn meanwhile: nothing to answer
            state.answers["gone"] += 1
            return
        state.answers["declined" if no else "accepted"] += 1
        if no:
            self.declined[rec.id] = self.last_news = time.monotonic()
        else:
            job = job_from_api(r.json(), state.week_start(self.week), from_offer=True)
            state.jobs[job.id] = job

    async def settle(self, mine: list[OrderRec]) -> None:
        """Until every order is offered (or unmatched), answered, and re-matched if declined."""
        deadline = time.monotonic() + OFFER_WAIT_S
        since = min((r.created_at for r in mine if r.created_at), default=None)
        while time.monotonic() < deadline:
            waiting = [r for r in mine if r.first_offer is None and r.status != "UNMATCHED"]
            if waiting and since is not None:
                # intake is asked only once offers stop coming for a moment: an order
                # matching could not place is reported when its round ends
                if time.monotonic() - self.last_news >= UNMATCHED_EVERY_S:
                    await learn_unmatched(self.api, since, waiting)
                await asyncio.sleep(UNMATCHED_EVERY_S)
            elif not self.offered or self.unanswered:
                self.offered = True
                self.answer_all()
            elif self.answering:
                await asyncio.gather(*list(self.answering))
            elif self.declined and time.monotonic() - self.last_news < QUIET_S:
                await asyncio.sleep(WATCH_EVERY_S)
            else:
                return
        await self.drain()  # out of time: answer what came; later offers wait for next week

    async def drain(self) -> None:
        """Answer every offer noted and wait for the answers."""
        self.offered = True
        self.answer_all()
        await asyncio.gather(*list(self.answering))


async def learn_unmatched(api: Api, since: datetime, waiting: list[OrderRec]) -> None:
    """Orders matching could not place, from one list call (not one GET per order)."""
    unmatched = await sim_reads.order_statuses(api, since, status="UNMATCHED")
    for r in waiting:
        r.status = unmatched.get(r.id, r.status)

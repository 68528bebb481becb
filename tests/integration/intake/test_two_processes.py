"""Two intake processes on one stack (issue 18): what one process guarantees, two keep.

The Idempotency-Key is remembered in PostgreSQL (a primary key the losing twin waits
on), the rate limit counts in Redis; neither lives in a process's memory, so requests
spread over processes see one key and one budget.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.intake.conftest import new_office, order_body
from tests.support.services import RunningService, running_service

pytestmark = pytest.mark.integration
LIMIT = 12


@pytest.fixture
def second_intake(intake: RunningService) -> Iterator[RunningService]:
    with running_service("intake") as service:
        yield service


@pytest.fixture
def limited_pair(stack: None) -> Iterator[tuple[RunningService, RunningService]]:
    """Two more intake processes, both with a small per-organisation limit."""
    with (
        running_service("intake", PROCNET_RATE_LIMIT_PER_MINUTE=str(LIMIT)) as one,
        running_service("intake", PROCNET_RATE_LIMIT_PER_MINUTE=str(LIMIT)) as two,
    ):
        yield one, two


async def test_one_idempotency_key_sent_to_two_processes_at_once_makes_one_order(
    http: httpx.AsyncClient, intake: RunningService, second_intake: RunningService
) -> None:
    office = await new_office(http)
    headers = {**office.headers, "Idempotency-Key": f"twin-{uuid.uuid4()}"}
    body = order_body(office)
    async with (
        httpx.AsyncClient(base_url=intake.url, timeout=30) as a,
        httpx.AsyncClient(base_url=second_intake.url, timeout=30) as b,
    ):
        answers = await asyncio.gather(
            *(c.post("/v1/orders", json=body, headers=headers) for _ in range(10) for c in (a, b))
        )
        listed = (await b.get("/v1/orders", headers=office.headers)).json()["items"]
    codes = Counter(r.status_code for r in answers)
    assert codes == Counter({201: 1, 200: 19}), [r.text for r in answers if r.status_code >= 300]
    assert len({r.json()["id"] for r in answers}) == 1
    assert [o["id"] for o in listed] == [answers[0].json()["id"]]


async def test_the_rate_limit_is_one_budget_over_two_processes(
    limited_pair: tuple[RunningService, RunningService],
) -> None:
    """LIMIT requests a minute per organisation in all, not LIMIT per process."""
    for _ in range(2):  # a burst that straddles a minute's edge gets a second try
        window = int(time.time() // 60)
        codes = await _burst(limited_pair)
        if int(time.time() // 60) == window:
            break
    # The office's client (made through the first process) counted too.
    assert codes == Counter({201: LIMIT - 1, 429: 3 * LIMIT - (LIMIT - 1)}), codes


async def _burst(pair: tuple[RunningService, RunningService]) -> Counter[int]:
    """A fresh office (fresh budget), then 3 x LIMIT orders spread over both processes."""
    async with (
        httpx.AsyncClient(base_url=pair[0].url, timeout=30) as a,
        httpx.AsyncClient(base_url=pair[1].url, timeout=30) as b,
    ):
        office = await new_office(a)
        body = order_body(office)
        answers = await asyncio.gather(
            *(
                (a, b)[i % 2].post("/v1/orders", json=body, headers=office.headers)
                for i in range(3 * LIMIT)
            )
        )
    return Counter(r.status_code for r in answers)

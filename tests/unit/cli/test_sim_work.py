"""Progress and delivery reports: what matching refused is counted and shown, never swallowed.

The QA walk found every delivery of `procnet simulate` refused with a 422 while the
report claimed all jobs delivered and their fees earned; these tests pin the outcome
of each report down on a hand-made state and a fake API (no servers).
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime
from typing import Any, cast

from services.cli import figures, report, sim_work
from services.cli.api import Api, ApiError
from services.cli.sim_state import SimState
from shared.region import clock
from tests.unit.cli.synthetic import MON, state

SUNDAY = date(2026, 12, 13)  # the Sunday of the synthetic state's first week
META = {"start": str(MON)}
REASON = "delivered_on: 2026-12-01 is before the order's materials were ready (2026-12-07)"


class FakeMatching:
    """Answers progress and delivery reports like matching, refusing what it is told to."""

    def __init__(self, refuse: set[str] | None = None) -> None:
        self.refuse = refuse or set()
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def as_(self, *who: object) -> dict[str, str]:
        return {}

    async def call(self, service: str, method: str, path: str, who: object, **kw: Any) -> None:
        what = path.rsplit("/", 1)[-1]
        self.calls.append((what, kw["json"]))
        if what in self.refuse:
            raise ApiError(f"{method} {path}: 422 ...", 422, REASON)


def _undelivered() -> SimState:
    s = state()
    for j in s.jobs.values():
        j.delivered, j.delivered_on, j.good = False, None, 0
    for o in s.orders.values():
        o.materials_ready = MON
    return s


def _work(s: SimState, fake: FakeMatching, today: date) -> int:
    noon = datetime(today.year, today.month, today.day, 4, tzinfo=UTC)  # noon in Lishui
    with clock.frozen_at(noon):
        return asyncio.run(sim_work.work_week(cast(Api, fake), s, random.Random(1), 0))


def _text(s: SimState) -> str:
    return "\n".join(report.text(s, figures.compute(s), False, META))


def test_a_refused_delivery_is_not_recorded_and_the_report_says_why() -> None:
    s, fake = _undelivered(), FakeMatching(refuse={"delivery"})
    assert _work(s, fake, today=date(2026, 12, 20)) == 2  # both finished in the simulated world
    assert [w for w, _ in fake.calls] == ["delivery", "delivery"]
    assert not any(j.recorded for j in s.jobs.values())
    assert s.reports == {("delivery", f"refused: 422 {REASON}"): 2}
    f = figures.compute(s)
    assert (f.delivered, f.recorded, f.refused, f.recorded_fees_fen) == (2, 0, 2, 0)
    assert f.fees_fen > 0  # the simulated world's fees, shown as such
    text = _text(s)
    assert (
        "Delivered in the simulated world: 2; recorded by matching: 0; refused: 2; not sent: 0."
        in text
    )
    assert f"| delivery | refused: 422 {REASON} | 2 |" in text
    assert "| Fees earned, recorded by matching | 0.00 yuan |" in text
    assert "| Fees earned in the simulated world | " in text


def test_a_delivery_on_a_past_simulated_day_is_sent_with_that_date_and_recorded() -> None:
    s, fake = _undelivered(), FakeMatching()
    _work(s, fake, today=date(2026, 12, 20))
    assert {b["delivered_on"] for _, b in fake.calls} == {"2026-12-13"}
    assert all(j.recorded for j in s.jobs.values())
    f = figures.compute(s)
    assert (f.recorded, f.refused, f.recorded_fees_fen) == (2, 0, f.fees_fen)
    assert "recorded by matching: 2; refused: 0" in _text(s)


def test_a_delivery_on_a_simulated_day_in_the_real_future_is_not_sent_and_says_so() -> None:
    s, fake = _undelivered(), FakeMatching()
    _work(s, fake, today=date(2026, 12, 1))
    assert fake.calls == []  # matching would refuse a future date: nothing is sent
    assert not any(j.recorded for j in s.jobs.values())
    f = figures.compute(s)
    assert (f.delivered, f.recorded, f.unsent) == (2, 0, 2)
    text = _text(s)
    assert "recorded by matching: 0; refused: 0; not sent: 2." in text
    assert "| delivery | not sent: simulated day in the real future (today is 2026-12-01)" in text
    assert "a season simulated in the future is delivered in the simulated world only" in text


def test_a_delivery_before_the_materials_were_ready_is_not_sent() -> None:
    s, fake = _undelivered(), FakeMatching()
    for o in s.orders.values():
        o.materials_ready = date(2026, 12, 14)
    _work(s, fake, today=date(2026, 12, 20))
    assert fake.calls == []
    assert s.reports == {
        ("delivery", "not sent: simulated day before the order's materials were ready "
         "(2026-12-14)"): 2
    }  # fmt: skip


def test_refused_progress_is_counted_by_reason() -> None:
    s, fake = _undelivered(), FakeMatching(refuse={"progress"})
    for j in s.jobs.values():  # twice the work: half of it is done by Sunday
        j.units *= 2
    _work(s, fake, today=date(2026, 12, 20))
    assert [w for w, _ in fake.calls] == ["progress", "progress"]
    assert s.reports == {("progress", f"refused: 422 {REASON}"): 2}
    assert f"| progress | refused: 422 {REASON} | 2 |" in _text(s)

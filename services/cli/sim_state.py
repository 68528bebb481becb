"""What the simulated users remember: their orders, jobs, workers' leave and what they saw.

It is filled only from the services' HTTP answers (and the simulated world's
own facts, such as who left for tea picking), never from a database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from services.cli.sim_orders import DemandPlan


@dataclass
class OrderRec:
    id: str
    office_id: str
    market: str
    category: str
    quantity: int
    fee_fen: int  # per unit
    deadline: date
    week: int
    submitted: float  # monotonic seconds when POST /v1/orders answered
    first_offer: float | None = None  # monotonic seconds when an offer was first seen
    status: str = "SUBMITTED"
    materials_ready: date | None = None  # a delivery dated earlier is refused by matching
    created_at: datetime | None = None  # intake's, for reading statuses in pages (sim_reads)
    key: str = ""  # "week:index" in the seeded plan: the same order in every run of a seed


@dataclass
class JobRec:
    id: str
    order_id: str
    provider_id: str
    category: str
    units: int
    schedule: dict[date, int]
    deadline: date
    not_before: date  # simulated day its work could start (acceptance or transfer)
    from_offer: bool  # False for the part a transfer moved to a lender
    accepted_schedule: dict[date, int] = field(default_factory=dict)
    done: int = 0
    # ``delivered``: finished and shipped in the SIMULATED world (the Sunday of that week);
    # ``recorded``: matching accepted the delivery. They differ when matching refused it,
    # e.g. a simulated day in the real future (matching refuses future-dated deliveries).
    delivered: bool = False
    delivered_on: date | None = None
    good: int = 0
    recorded: bool = False


@dataclass
class SimState:
    start: date
    weeks: int
    run: str = ""
    seed: int = 7  # the users' answers to offers are drawn from it per order and provider
    plan: DemandPlan | None = None  # what --orders-per-week and --load asked for
    transfer_wait_s: float = 30.0  # how long the balancer gets once the tea season arrives
    orders: dict[str, OrderRec] = field(default_factory=dict)
    jobs: dict[str, JobRec] = field(default_factory=dict)
    leave: dict[str, tuple[date, date, float]] = field(default_factory=dict)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    # (what, outcome) of progress and delivery reports: "recorded", "refused: 422 why",
    # "not sent: why" (see sim_work)
    reports: Counter[tuple[str, str]] = field(default_factory=Counter)
    loans: int = 0
    leave_fallback: str = ""
    phase_s: dict[str, float] = field(default_factory=dict)  # wall-clock seconds per phase

    def week_start(self, week: int) -> date:
        return self.start + timedelta(weeks=week)

    @property
    def last_day(self) -> date:
        """The window's last day (a Sunday); work may be scheduled after it."""
        return self.start + timedelta(weeks=self.weeks, days=-1)


def parse_schedule(raw: dict[str, int]) -> dict[date, int]:
    return {date.fromisoformat(d): u for d, u in raw.items() if u > 0}


def job_from_api(raw: dict[str, Any], not_before: date, from_offer: bool) -> JobRec:
    schedule = parse_schedule(raw["schedule"])
    return JobRec(
        id=raw["id"],
        order_id=raw["order_id"],
        provider_id=raw["provider_id"],
        category=raw["category"],
        units=raw["units"],
        schedule=schedule,
        deadline=date.fromisoformat(raw["deadline"]),
        not_before=not_before,
        from_offer=from_offer,
        accepted_schedule=dict(schedule),
    )

"""The balancer's periodic workers: the rebalancer and the expiry of unanswered proposals.

Both live and die with the service process (shared.service.workers) and swallow
a failed round (database restart, lock conflict) to try again next round. Each
round is a handler (handlers/rebalance.py, handlers/transfers.py) on a fresh unit of work.
"""

from __future__ import annotations

import time

import structlog

from services.balancer.adapters.uow import balancer_uow
from services.balancer.config import BalancerSettings
from services.balancer.handlers.rebalance import rebalance_now, rebalance_requested
from services.balancer.handlers.transfers import expire_due
from shared.region import clock
from shared.service.infra import ServiceInfra
from shared.service.workers import Periodic

log = structlog.get_logger()


class RebalanceWhenDue:
    """Runs when a rebalance was requested, or when the last run is `rebalance_every_s` old,
    but never sooner than the last run's length allows (`rebalance_max_share`)."""

    def __init__(self, infra: ServiceInfra, settings: BalancerSettings) -> None:
        self.infra, self.settings = infra, settings
        self.last_run = float("-inf")
        self.rest_until = float("-inf")

    async def __call__(self) -> None:
        if not await self._due():
            return
        began = time.monotonic()
        report = await rebalance_now(balancer_uow(self.infra), self.settings, clock.now())
        self.last_run = time.monotonic()
        self.rest_until = self.last_run + rest_after(self.last_run - began, self.settings)
        if report.at_risk or report.proposed:
            log.info("rebalanced", **report.__dict__)

    async def _due(self) -> bool:
        if time.monotonic() < self.rest_until:
            return False  # requests wait: the next run takes every one made meanwhile
        if time.monotonic() - self.last_run >= self.settings.rebalance_every_s:
            return True
        return await rebalance_requested(balancer_uow(self.infra))


def rest_after(took_s: float, settings: BalancerSettings) -> float:
    """Seconds to wait after a run of ``took_s`` so runs take at most their share of time."""
    return took_s * (1 / settings.rebalance_max_share - 1)


def add_workers(infra: ServiceInfra, settings: BalancerSettings) -> None:
    rebalancer = Periodic(
        "rebalancer", settings.rebalance_poll_s, RebalanceWhenDue(infra, settings)
    )

    async def expire() -> None:
        if expired := await expire_due(balancer_uow(infra), clock.now()):
            log.info("transfers expired", count=expired)

    infra.workers.add(rebalancer.worker())
    infra.workers.add(Periodic("transfer-expiry", settings.expiry_poll_s, expire).worker())

"""The balancer's periodic workers: the rebalancer and the expiry of unanswered proposals.

Both live and die with the service process (shared.service.workers) and swallow
a failed round (database restart, lock conflict) to try again next round.
"""

from __future__ import annotations

import time

import structlog

from services.balancer.adapters.requests import newest_request
from services.balancer.config import BalancerSettings
from services.balancer.handlers.expiry import expire_due
from services.balancer.handlers.rebalance import rebalance_now
from shared.region import clock
from shared.service.infra import ServiceInfra
from shared.service.workers import Periodic

log = structlog.get_logger()


class RebalanceWhenDue:
    """Runs when a rebalance was requested, or when the last run is `rebalance_every_s` old."""

    def __init__(self, infra: ServiceInfra, settings: BalancerSettings) -> None:
        self.infra, self.settings = infra, settings
        self.last_run = float("-inf")

    async def __call__(self) -> None:
        if not await self._due():
            return
        report = await rebalance_now(self.infra.uow(), self.settings, clock.now())
        self.last_run = time.monotonic()
        if report.at_risk or report.proposed:
            log.info("rebalanced", **report.__dict__)

    async def _due(self) -> bool:
        if time.monotonic() - self.last_run >= self.settings.rebalance_every_s:
            return True
        async with self.infra.sessions() as s:
            return await newest_request(s) is not None


def add_workers(infra: ServiceInfra, settings: BalancerSettings) -> None:
    rebalancer = Periodic(
        "rebalancer", settings.rebalance_poll_s, RebalanceWhenDue(infra, settings)
    )

    async def expire() -> None:
        if expired := await expire_due(infra.uow(), clock.now()):
            log.info("transfers expired", count=expired)

    infra.workers.add(rebalancer.worker())
    infra.workers.add(Periodic("transfer-expiry", settings.expiry_poll_s, expire).worker())

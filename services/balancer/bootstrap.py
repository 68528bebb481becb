"""Wire the balancer: database, outbox relay, the facts consumer, workers, routes."""

from __future__ import annotations

from fastapi import FastAPI

import shared.contracts  # noqa: F401  (registers every contract)
from services.balancer.adapters.tables import messaging
from services.balancer.api import ROUTERS
from services.balancer.config import BalancerSettings
from services.balancer.consumers import HANDLERS
from services.balancer.workers import add_workers
from shared.events import registry
from shared.events.catalogue import subscriptions
from shared.service.app import create_app
from shared.service.infra import ServiceInfra


def bootstrap(settings: BalancerSettings | None = None, *, run_workers: bool = True) -> FastAPI:
    settings = settings or BalancerSettings()
    infra = ServiceInfra(settings, schema="balancer", tables=messaging)
    infra.add_relay()
    infra.add_consumer("balancer", subscriptions("balancer"), registry, HANDLERS)
    add_workers(infra, settings)
    return create_app(
        infra,
        title="procnet balancer",
        description="Seasonal load balancer: seasons, load, capacity loans and transfers.",
        routers=list(ROUTERS),
        run_workers=run_workers,
    )

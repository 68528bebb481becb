"""Wire fulfilment: database, outbox relay, the orders-and-placements consumer, routes."""

from __future__ import annotations

from fastapi import FastAPI

import shared.contracts  # noqa: F401  (registers every contract)
from services.fulfilment.adapters.tables import messaging
from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.api import ROUTERS
from services.fulfilment.config import FulfilmentSettings
from services.fulfilment.consumers import HANDLERS
from shared.events import registry
from shared.events.catalogue import subscriptions
from shared.service.app import create_app
from shared.service.infra import ServiceInfra


def bootstrap(settings: FulfilmentSettings | None = None, *, run_workers: bool = True) -> FastAPI:
    settings = settings or FulfilmentSettings()
    infra = ServiceInfra(
        settings, schema="fulfilment", tables=messaging, unit_of_work=FulfilmentUnitOfWork
    )
    infra.add_relay()
    infra.add_consumer("fulfilment", subscriptions("fulfilment"), registry, HANDLERS)
    return create_app(
        infra,
        title="procnet fulfilment",
        description=(
            "Supplied materials from market to village and back: consignments, the materials "
            "ledger, quality inspection and rework."
        ),
        routers=list(ROUTERS),
        run_workers=run_workers,
    )

"""Wire settlement: policies (validated: an invalid file stops the start), database, relay,
the facts consumer, routes."""

from __future__ import annotations

from fastapi import FastAPI

import shared.contracts  # noqa: F401  (registers every contract)
from services.settlement.adapters.policy_files import load_policies
from services.settlement.adapters.tables import messaging
from services.settlement.api import ROUTERS
from services.settlement.config import SettlementSettings
from services.settlement.consumers import handlers
from shared.events import registry
from shared.events.catalogue import subscriptions
from shared.service.app import create_app
from shared.service.infra import ServiceInfra


def bootstrap(settings: SettlementSettings | None = None, *, run_workers: bool = True) -> FastAPI:
    settings = settings or SettlementSettings()
    policies = load_policies(settings.policy_dir, settings.default_policy)
    infra = ServiceInfra(settings, schema="settlement", tables=messaging)
    infra.add_relay()
    infra.add_consumer("settlement", subscriptions("settlement"), registry, handlers(policies))
    app = create_app(
        infra,
        title="procnet settlement",
        description="Processing fees after delivery, freight, the county's awards and subsidies.",
        routers=list(ROUTERS),
        run_workers=run_workers,
    )
    app.state.policies = policies
    return app

"""Wire the intake service: database, outbox relay, the matching-events consumer, routes."""

from __future__ import annotations

from fastapi import FastAPI

import shared.contracts  # noqa: F401  (registers every contract)
from services.intake.adapters.tables import admins, messaging, offices
from services.intake.adapters.uow import IntakeUnitOfWork
from services.intake.admins_api import router as admins_router
from services.intake.api import router
from services.intake.config import IntakeSettings
from services.intake.handlers import on_matching_fact
from services.intake.public_api import router as public_router
from shared.contracts import fulfilment as ff
from shared.contracts import matching as m
from shared.events import registry
from shared.events.catalogue import subscriptions
from shared.identity import Role
from shared.identity.token_exchange import (
    first_lookup,
    one_code,
    table_code_lookup,
    table_lookup,
    token_router,
)
from shared.service.app import create_app
from shared.service.infra import ServiceInfra

FACTS = (
    m.JobOffered,
    m.OfferAccepted,
    m.OfferDeclined,
    m.OfferExpired,
    m.OfferWithdrawn,
    m.OrderUnmatched,
    m.JobProgressReported,
    m.JobDelivered,
    m.JobSplit,
    m.JobCancelled,  # every version of each: handlers are keyed by event type
    ff.ConsignmentDispatched,  # fulfilment's: the order's status waits for inspection
    ff.InspectionRecorded,
    ff.ReworkRequested,
)


def bootstrap(settings: IntakeSettings | None = None, *, run_workers: bool = True) -> FastAPI:
    settings = settings or IntakeSettings()
    infra = ServiceInfra(settings, schema="intake", tables=messaging, unit_of_work=IntakeUnitOfWork)
    infra.add_relay()
    infra.add_consumer(
        "intake", subscriptions("intake"), registry, {f.event_type: on_matching_fact for f in FACTS}
    )
    return create_app(
        infra,
        title="procnet intake",
        description="Liaison offices submit client orders and follow them to delivery.",
        routers=[router, admins_router],
        public_routers=[
            public_router,
            # Offices and the federation's admins trade their secrets here.
            token_router(
                first_lookup(table_lookup(offices, Role.OFFICE), table_lookup(admins, Role.ADMIN)),
                one_code(table_code_lookup(offices), table_code_lookup(admins)),
            ),
        ],
        run_workers=run_workers,
    )

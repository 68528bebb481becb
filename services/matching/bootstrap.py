"""Wire the matching service: relay, consumer, matcher and expiry workers, routes."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

import shared.contracts  # noqa: F401  (registers every contract)
from services.matching.adapters.tables import messaging
from services.matching.adapters.tables import providers as provider_table
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.api import budget, directory, oversight, providers, work
from services.matching.batching import BatchSizer
from services.matching.config import MatchingSettings
from services.matching.consumers import (
    category_defined,
    inspection_recorded,
    order_handlers,
    season_defined,
    transfer_accepted,
)
from services.matching.domain.freight_budget import FreightBudget
from services.matching.expiry import OfferExpiry
from services.matching.matcher import Matcher
from shared.events import registry
from shared.events.catalogue import subscriptions
from shared.identity import Role
from shared.identity.token_exchange import table_code_lookup, table_lookup, token_router
from shared.service.app import create_app
from shared.service.infra import ServiceInfra
from shared.service.workers import Periodic, Worker


def bootstrap(settings: MatchingSettings | None = None, *, run_workers: bool = True) -> FastAPI:
    settings = settings or MatchingSettings()
    infra = ServiceInfra(
        settings, schema="matching", tables=messaging, unit_of_work=MatchingUnitOfWork
    )
    ttl = timedelta(seconds=settings.offer_ttl_seconds)

    def matching_uow() -> MatchingUnitOfWork:
        return MatchingUnitOfWork(infra.sessions, infra.tables.outbox)

    matcher = Matcher(
        matching_uow,
        BatchSizer(settings.matcher_round_seconds, largest=settings.matcher_batch_size),
        ttl,
        settings.matcher_idle_wait_seconds,
        infra.redis,
        FreightBudget(settings.matcher_freight_budget_basis_points),
    )
    expiry = OfferExpiry(infra.uow, infra.redis, settings.expiry_sweep_seconds, matcher.wake)
    infra.add_relay()
    infra.add_consumer(
        "matching",
        subscriptions("matching"),
        registry,
        {
            **order_handlers(matcher.wake),
            "SeasonDefined": season_defined,
            "CategoryDefined": category_defined,
            "TransferAccepted": transfer_accepted,
            "InspectionRecorded": inspection_recorded,
        },
    )
    infra.workers.add(Worker("matcher", matcher.run, matcher.stop))
    infra.workers.add(Periodic("offer-expiry", settings.expiry_check_seconds, expiry.tick).worker())
    return create_app(
        infra,
        title="procnet matching",
        description="Brokers keep capacity calendars; the matcher places orders and sends offers.",
        routers=[providers.router, work.router, oversight.router, budget.router],
        public_routers=[
            directory.router,
            token_router(
                table_lookup(provider_table, Role.PROVIDER), table_code_lookup(provider_table)
            ),
        ],
        run_workers=run_workers,
    )

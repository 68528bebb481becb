"""Who may call: a broker acts for its own enterprise, an admin for any."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from services.matching.adapters.uow import MatchingUnitOfWork
from shared.identity import Principal, Role
from shared.identity.fastapi_auth import CurrentPrincipal, require_role
from shared.service.deps import Infra
from shared.service.errors import NotFound

Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
Broker = Annotated[Principal, Depends(require_role(Role.PROVIDER))]


def owned_provider(provider_id: uuid.UUID, who: CurrentPrincipal) -> uuid.UUID:
    """Another organisation's provider does not exist for the caller (404)."""
    if not who.owns(provider_id):
        raise NotFound("provider not found")
    return provider_id


def acting_provider(who: Broker) -> uuid.UUID | None:
    """The provider a broker acts for; None for an admin (who may act on any)."""
    return None if who.is_admin else who.org_id


def _matching_uow(infra: Infra) -> MatchingUnitOfWork:
    return MatchingUnitOfWork(infra.sessions, infra.tables.outbox)


MatchingUoW = Annotated[MatchingUnitOfWork, Depends(_matching_uow)]

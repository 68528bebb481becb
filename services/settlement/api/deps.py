"""Dependencies the routes share: a unit of work, the policies and who may call."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from services.settlement.adapters.uow import SettlementUnitOfWork
from services.settlement.config import SettlementSettings
from services.settlement.domain.policy.catalogue import Policies
from shared.identity import Principal, Role
from shared.identity.fastapi_auth import require_role
from shared.service.deps import Infra as Infra


def _policies(request: Request) -> Policies:
    policies: Policies = request.app.state.policies
    return policies


def _uow(infra: Infra, policies: Annotated[Policies, Depends(_policies)]) -> SettlementUnitOfWork:
    return SettlementUnitOfWork(infra.sessions, infra.tables.outbox, policies)


def _provider_only(who: Annotated[Principal, Depends(require_role(Role.PROVIDER))]) -> Principal:
    """A loan is the enterprise's own act; an admin checks it but does not register it."""
    if who.role is not Role.PROVIDER:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "requires role provider")
    return who


def _settings(infra: Infra) -> SettlementSettings:
    assert isinstance(infra.settings, SettlementSettings)
    return infra.settings


UoW = Annotated[SettlementUnitOfWork, Depends(_uow)]
PoliciesDep = Annotated[Policies, Depends(_policies)]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
OfficeOrAdmin = Annotated[Principal, Depends(require_role(Role.OFFICE))]
Provider = Annotated[Principal, Depends(_provider_only)]
Settings = Annotated[SettlementSettings, Depends(_settings)]

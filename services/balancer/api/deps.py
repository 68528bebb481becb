"""Dependencies the routes share: infrastructure, a unit of work and who may call."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, status

from services.balancer.adapters.uow import BalancerUnitOfWork, balancer_uow
from services.balancer.config import BalancerSettings
from shared.identity import Principal, Role
from shared.identity.fastapi_auth import CurrentPrincipal, require_role
from shared.service.deps import Infra as Infra


def _settings(infra: Infra) -> BalancerSettings:
    assert isinstance(infra.settings, BalancerSettings)
    return infra.settings


def _uow(infra: Infra) -> BalancerUnitOfWork:
    return balancer_uow(infra)


def _provider_only(who: CurrentPrincipal) -> Principal:
    """Loans, opt-ins and answers are a provider's own acts; an admin cannot make them."""
    if who.role is not Role.PROVIDER:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "requires role provider")
    return who


UoW = Annotated[BalancerUnitOfWork, Depends(_uow)]
Settings = Annotated[BalancerSettings, Depends(_settings)]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
ProviderOrAdmin = Annotated[Principal, Depends(require_role(Role.PROVIDER))]
Provider = Annotated[Principal, Depends(_provider_only)]

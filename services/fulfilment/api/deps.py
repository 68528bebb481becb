"""Dependencies the routes share: settings, a unit of work and who may call."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.config import FulfilmentSettings
from shared.identity import Principal, Role
from shared.identity.fastapi_auth import require_role
from shared.service.deps import Infra


def _settings(infra: Infra) -> FulfilmentSettings:
    assert isinstance(infra.settings, FulfilmentSettings)
    return infra.settings


def _uow(infra: Infra) -> FulfilmentUnitOfWork:
    return FulfilmentUnitOfWork(infra.sessions, infra.tables.outbox)


UoW = Annotated[FulfilmentUnitOfWork, Depends(_uow)]
Settings = Annotated[FulfilmentSettings, Depends(_settings)]
Office = Annotated[Principal, Depends(require_role(Role.OFFICE))]  # or an admin
Broker = Annotated[Principal, Depends(require_role(Role.PROVIDER))]  # or an admin

"""FastAPI dependencies every service's routes share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.db.unit_of_work import UnitOfWork
from shared.service.infra import ServiceInfra


def _infra(request: Request) -> ServiceInfra:
    return request.app.state.infra


Infra = Annotated[ServiceInfra, Depends(_infra)]


def _uow(infra: Infra) -> UnitOfWork:
    return infra.uow()


UoW = Annotated[UnitOfWork, Depends(_uow)]

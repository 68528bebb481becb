"""FastAPI dependencies every service's routes share.

Each is ``async def`` although none awaits: FastAPI runs a plain ``def`` dependency in
its thread pool, a thread hand-off per request for a one-line lookup (issue 18: about
2 % of intake's CPU per order, with GIL contention besides)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.db.unit_of_work import UnitOfWork
from shared.service.infra import ServiceInfra


async def _infra(request: Request) -> ServiceInfra:
    return request.app.state.infra


Infra = Annotated[ServiceInfra, Depends(_infra)]


async def _uow(request: Request) -> UnitOfWork:  # one dependency node, not two
    return request.app.state.infra.uow()


UoW = Annotated[UnitOfWork, Depends(_uow)]

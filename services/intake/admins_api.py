"""The federation's own organisations (role admin): registered and rotated by an admin,
signed in with a secret at ``POST /v1/token`` like an office (see bootstrap)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from services.intake import handlers
from services.intake.adapters import admins as store
from services.intake.adapters.tables import admins
from services.intake.api import UoW
from shared.identity import Principal, Role
from shared.identity.fastapi_auth import require_role
from shared.identity.secrets import new_secret_hash
from shared.identity.token_exchange import rotate_secret
from shared.service.deps import Infra
from shared.service.errors import NotFound

router = APIRouter(prefix="/v1", tags=["admins"])
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]


class AdminCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: uuid.UUID | None = None
    name: Annotated[str, Field(min_length=1, max_length=200)]


class AdminPublic(BaseModel):
    id: uuid.UUID
    name: str


class AdminCreated(AdminPublic):
    secret: str  # shown once; only its hash is kept


class AdminSecret(BaseModel):
    id: uuid.UUID
    secret: str  # shown once


@router.post("/admins", status_code=201, response_model=AdminCreated)
async def register_admin(body: AdminCreate, who: Admin, uow: UoW) -> AdminCreated:
    """Register a federation (admin) organisation; the answer carries its secret, once."""
    admin_id = body.id or uuid.uuid4()
    secret, hashed = await new_secret_hash()
    await handlers.register_admin(uow, who, admin_id, body.name, hashed)
    return AdminCreated(id=admin_id, name=body.name, secret=secret)


@router.get("/admins", response_model=list[AdminPublic])
async def list_admins(who: Admin, infra: Infra) -> list[AdminPublic]:
    async with infra.sessions() as s:
        return [AdminPublic(id=i, name=n) for i, n in await store.listed(s)]


@router.post("/admins/{admin_id}/secret", response_model=AdminSecret)
async def rotate_admin_secret(
    admin_id: uuid.UUID, who: Admin, request: Request, uow: UoW
) -> AdminSecret:
    """A new secret for an admin organisation; the old one and its tokens stop working."""
    secret = await rotate_secret(request, admins, admin_id)
    if secret is None:
        raise NotFound("admin organisation not found")
    await handlers.record_rotation(uow, who, admin_id, "admin")
    return AdminSecret(id=admin_id, secret=secret)

"""HTTP routes of the intake service (thin: parse, call a handler, shape the answer)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Query, Response, status

from services.intake import handlers, views
from services.intake.adapters.tables import categories, clients, offices
from services.intake.domain.order import Order
from services.intake.domain.status import OrderStatus
from services.intake.schemas import (
    CategoryCreate,
    CategoryPublic,
    ClientCreate,
    ClientPublic,
    OfficeCreate,
    OfficeCreated,
    OfficePublic,
    OfficeSecret,
    OrderAmend,
    OrderCancel,
    OrderCreate,
    OrderPage,
    OrderPublic,
)
from shared.identity import Principal, Role
from shared.identity.fastapi_auth import CurrentPrincipal, require_role
from shared.identity.secrets import hash_secret, new_secret
from shared.identity.token_exchange import rotate_secret
from shared.service.deps import Infra, UoW
from shared.service.errors import DomainError, NotFound
from shared.service.infra import ServiceInfra

router = APIRouter(prefix="/v1")
Office = Annotated[Principal, Depends(require_role(Role.OFFICE))]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Retries with the same key return the same order",
    ),
]


@router.post("/orders", status_code=201, response_model=OrderPublic, tags=["orders"])
async def create_order(
    body: OrderCreate,
    who: Office,
    uow: UoW,
    infra: Infra,
    response: Response,
    key: IdempotencyKey = None,
) -> OrderPublic:
    """Submit a client order; a repeated Idempotency-Key returns the first order (200)."""
    result = await handlers.submit_order(uow, who, body, key)
    if isinstance(result, Order):  # just created: answer from memory, no second read
        return views.public(result)
    response.status_code = status.HTTP_200_OK
    async with infra.sessions() as s:
        return await views.order_detail(s, who, result)


@router.get("/orders/{order_id}", response_model=OrderPublic, tags=["orders"])
async def get_order(order_id: uuid.UUID, who: CurrentPrincipal, infra: Infra) -> OrderPublic:
    """One order with its placements and status history."""
    async with infra.sessions() as s:
        return await views.order_detail(s, who, order_id)


@router.get("/orders", response_model=OrderPage, tags=["orders"])
async def list_orders(
    who: CurrentPrincipal,
    infra: Infra,
    status_: Annotated[OrderStatus | None, Query(alias="status")] = None,
    client_id: uuid.UUID | None = None,
    deadline_from: date | None = None,
    deadline_to: date | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> OrderPage:
    """Orders newest first; pass `next_cursor` back as `cursor` for the next page."""
    flt = views.OrderFilter(
        status_.value if status_ else None, client_id, deadline_from, deadline_to
    )
    async with infra.sessions() as s:
        return await views.order_page(s, who, flt, cursor, limit)


@router.post("/orders/{order_id}/cancel", response_model=OrderPublic, tags=["orders"])
async def cancel_order(
    order_id: uuid.UUID, body: OrderCancel, who: CurrentPrincipal, uow: UoW, infra: Infra
) -> OrderPublic:
    """Cancel an order before production starts."""
    await handlers.cancel_order(uow, who, order_id, body.reason)
    async with infra.sessions() as s:
        return await views.order_detail(s, who, order_id)


@router.patch("/orders/{order_id}", response_model=OrderPublic, tags=["orders"])
async def amend_order(
    order_id: uuid.UUID, body: OrderAmend, who: CurrentPrincipal, uow: UoW, infra: Infra
) -> OrderPublic:
    """Change the deadline or quantity while the order can still honour it."""
    await handlers.amend_order(uow, who, order_id, body)
    async with infra.sessions() as s:
        return await views.order_detail(s, who, order_id)


@router.post("/offices", status_code=201, response_model=OfficeCreated, tags=["offices"])
async def create_office(body: OfficeCreate, who: Admin, infra: Infra) -> OfficeCreated:
    """Register a county liaison office (admin); the answer carries its secret, once."""
    secret = new_secret()
    row = {**body.model_dump(mode="json"), "id": body.id or uuid.uuid4()}
    await _insert_unique(
        infra,
        offices,
        {**row, "secret_hash": hash_secret(secret)},
        "an office with this name or id already exists",
    )
    return OfficeCreated(**row, secret=secret)


@router.post("/offices/{office_id}/secret", response_model=OfficeSecret, tags=["offices"])
async def rotate_office_secret(office_id: uuid.UUID, who: Admin, infra: Infra) -> OfficeSecret:
    """Issue a new secret for an office (admin); the old one stops working."""
    secret = await rotate_secret(infra.sessions, offices, office_id)
    if secret is None:
        raise NotFound("office not found")
    return OfficeSecret(id=office_id, secret=secret)


@router.get("/offices", response_model=list[OfficePublic], tags=["offices"])
async def list_offices(who: CurrentPrincipal, infra: Infra) -> list[OfficePublic]:
    """Liaison offices (an office sees itself, an admin all)."""
    query = sa.select(offices).order_by(offices.c.name)
    if not who.is_admin:
        query = query.where(offices.c.id == who.org_id)
    async with infra.sessions() as s:
        return [OfficePublic(**r._mapping) for r in await s.execute(query)]


@router.post("/clients", status_code=201, response_model=ClientPublic, tags=["clients"])
async def create_client(body: ClientCreate, who: Office, infra: Infra) -> ClientPublic:
    """Register a client manufacturer of your office."""
    row = {**body.model_dump(mode="json"), "id": uuid.uuid4(), "office_id": who.org_id}
    await _insert_unique(infra, clients, row, "your office already has a client with this name")
    return ClientPublic(**row)


@router.get("/clients", response_model=list[ClientPublic], tags=["clients"])
async def list_clients(who: CurrentPrincipal, infra: Infra) -> list[ClientPublic]:
    """Your office's clients (an admin sees all)."""
    query = sa.select(clients).order_by(clients.c.name)
    if not who.is_admin:
        query = query.where(clients.c.office_id == who.org_id)
    async with infra.sessions() as s:
        return [ClientPublic(**r._mapping) for r in await s.execute(query)]


@router.get("/categories", response_model=list[CategoryPublic], tags=["catalogue"])
async def list_categories(who: CurrentPrincipal, infra: Infra) -> list[CategoryPublic]:
    """The product catalogue."""
    async with infra.sessions() as s:
        rows = await s.execute(sa.select(categories).order_by(categories.c.code))
        return [CategoryPublic(**r._mapping) for r in rows]


@router.post("/categories", status_code=201, response_model=CategoryPublic, tags=["catalogue"])
async def add_category(body: CategoryCreate, who: Admin, infra: Infra) -> CategoryPublic:
    """Grow the catalogue (admin)."""
    await _insert_unique(infra, categories, body.model_dump(), "this category exists")
    return CategoryPublic(**body.model_dump())


async def _insert_unique(
    infra: ServiceInfra, table: sa.Table, row: dict[str, object], clash: str
) -> None:
    async with infra.sessions() as s, s.begin():
        try:
            await s.execute(sa.insert(table).values(**row))
        except sa.exc.IntegrityError as exc:
            raise DomainError(clash) from exc

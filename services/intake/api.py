"""HTTP routes of the intake service (thin: parse, call a handler, shape the answer)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status

from services.intake import handlers, views
from services.intake.adapters.orders import OrderFilter
from services.intake.adapters.tables import offices
from services.intake.adapters.uow import IntakeUnitOfWork
from services.intake.domain.directory import Category, Client
from services.intake.domain.directory import Office as DirOffice
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
    OfficeUpdate,
    OrderAmend,
    OrderCancel,
    OrderCreate,
    OrderPage,
    OrderPublic,
)
from shared.audit.schemas import AuditRecordPublic
from shared.identity import Principal, Role
from shared.identity.fastapi_auth import CurrentPrincipal, require, require_role
from shared.identity.token_exchange import rotate_secret
from shared.region.window import WindowDate
from shared.service.errors import NotFound
from shared.service.rate_limit import LimitedPrincipal

router = APIRouter(prefix="/v1")


def intake_uow(request: Request) -> IntakeUnitOfWork:
    uow = request.app.state.infra.uow()
    assert isinstance(uow, IntakeUnitOfWork), "bootstrap gives intake its own unit of work"
    return uow


async def _uow(request: Request) -> IntakeUnitOfWork:  # async: no thread pool hand-off
    return intake_uow(request)


UoW = Annotated[IntakeUnitOfWork, Depends(_uow)]
Office = Annotated[Principal, Depends(require_role(Role.OFFICE))]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]


async def _limited_office(who: LimitedPrincipal) -> Principal:
    return require(who, Role.OFFICE)


# The busiest route solves as few dependencies as it can (issue 18: each node cost about
# 1 % of intake's CPU per order): the caller comes from the router's own rate-limit
# dependency (solved once for both), and the unit of work is made inline.
LimitedOffice = Annotated[Principal, Depends(_limited_office)]
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
    request: Request,
    who: LimitedOffice,
    response: Response,
    key: IdempotencyKey = None,
) -> OrderPublic:
    """Submit a client order; a repeated Idempotency-Key returns the first order (200)."""
    order, created = await handlers.submit_order(intake_uow(request), who, body, key)
    if not created:
        response.status_code = status.HTTP_200_OK
    return views.public(order)


@router.get("/orders/{order_id}", response_model=OrderPublic, tags=["orders"])
async def get_order(order_id: uuid.UUID, who: CurrentPrincipal, uow: UoW) -> OrderPublic:
    """One order with its placements and its history (every change, with its cause)."""
    return views.public(await handlers.find_order(uow, who, order_id))


@router.get("/orders", response_model=OrderPage, tags=["orders"])
async def list_orders(
    who: CurrentPrincipal,
    uow: UoW,
    status_: Annotated[OrderStatus | None, Query(alias="status")] = None,
    client_id: uuid.UUID | None = None,
    deadline_from: WindowDate | None = None,
    deadline_to: WindowDate | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> OrderPage:
    """Orders newest first; pass `next_cursor` back as `cursor` for the next page."""
    flt = OrderFilter(None, status_, client_id, deadline_from, deadline_to)
    after = views.decode_cursor(cursor) if cursor else None
    rows = await handlers.list_orders(uow, who, flt, after, limit + 1)
    return views.order_page(rows, limit)


@router.post("/orders/{order_id}/cancel", response_model=OrderPublic, tags=["orders"])
async def cancel_order(
    order_id: uuid.UUID, body: OrderCancel, who: CurrentPrincipal, uow: UoW
) -> OrderPublic:
    """Cancel an order before production starts."""
    return views.public(await handlers.cancel_order(uow, who, order_id, body.reason))


@router.patch("/orders/{order_id}", response_model=OrderPublic, tags=["orders"])
async def amend_order(
    order_id: uuid.UUID, body: OrderAmend, who: CurrentPrincipal, uow: UoW
) -> OrderPublic:
    """Change the deadline or quantity while the order can still honour it."""
    return views.public(await handlers.amend_order(uow, who, order_id, body))


@router.post("/offices", status_code=201, response_model=OfficeCreated, tags=["offices"])
async def create_office(body: OfficeCreate, who: Admin, uow: UoW) -> OfficeCreated:
    """Register a county liaison office (admin); the answer carries its secret, once."""
    office = DirOffice(
        body.id or uuid.uuid4(), body.name, body.county.value, body.market.value, body.contact
    )
    secret = await handlers.register_office(uow, who, office)
    return OfficeCreated(**asdict(office), secret=secret)


@router.patch("/offices/{office_id}", response_model=OfficePublic, tags=["offices"])
async def update_office(
    office_id: uuid.UUID, body: OfficeUpdate, who: CurrentPrincipal, uow: UoW
) -> OfficePublic:
    """Change the office's contact (the office itself or an admin); "" removes it. The
    portal's notifications (SMS, WeChat) go to it."""
    return OfficePublic(
        **asdict(await handlers.change_office_contact(uow, who, office_id, body.contact))
    )


@router.post("/offices/{office_id}/secret", response_model=OfficeSecret, tags=["offices"])
async def rotate_office_secret(
    office_id: uuid.UUID, who: Admin, request: Request, uow: UoW
) -> OfficeSecret:
    """Issue a new secret for an office (admin); the old one and its tokens stop working."""
    secret = await rotate_secret(request, offices, office_id)
    if secret is None:
        raise NotFound("office not found")
    await handlers.record_rotation(uow, who, office_id)
    return OfficeSecret(id=office_id, secret=secret)


@router.get("/audit", response_model=list[AuditRecordPublic], tags=["audit"])
async def audit(
    who: CurrentPrincipal, uow: UoW, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[AuditRecordPublic]:
    """Who wrote what, newest first: your organisation's objects (an admin sees all), with
    the admins' acts on them."""
    return [AuditRecordPublic.of(r) for r in await handlers.audit_records(uow, who, limit)]


@router.get("/offices", response_model=list[OfficePublic], tags=["offices"])
async def list_offices(who: CurrentPrincipal, uow: UoW) -> list[OfficePublic]:
    """Liaison offices (an office sees itself, an admin all)."""
    return [OfficePublic(**asdict(o)) for o in await handlers.list_offices(uow, who)]


@router.post("/clients", status_code=201, response_model=ClientPublic, tags=["clients"])
async def create_client(body: ClientCreate, who: Office, uow: UoW) -> ClientPublic:
    """Register a client manufacturer of your office."""
    client = Client(uuid.uuid4(), who.org_id, body.name, body.contact, body.home_market.value)
    await handlers.add_client(uow, who, client)
    return ClientPublic(**asdict(client))


@router.get("/clients", response_model=list[ClientPublic], tags=["clients"])
async def list_clients(who: CurrentPrincipal, uow: UoW) -> list[ClientPublic]:
    """Your office's clients (an admin sees all)."""
    return [ClientPublic(**asdict(c)) for c in await handlers.list_clients(uow, who)]


@router.get("/categories", response_model=list[CategoryPublic], tags=["catalogue"])
async def list_categories(who: CurrentPrincipal, uow: UoW) -> list[CategoryPublic]:
    """The product catalogue (``machinery``: machinery work, e.g. welding and assembly)."""
    return [_category(c) for c in await handlers.list_categories(uow)]


@router.post("/categories", status_code=201, response_model=CategoryPublic, tags=["catalogue"])
async def add_category(body: CategoryCreate, who: Admin, uow: UoW) -> CategoryPublic:
    """Grow the catalogue (admin); every service learns it (``CategoryDefined``)."""
    category = Category.define(body.code, body.name_en, body.name_zh, machinery=body.machinery)
    await handlers.define_category(uow, who, category)
    return _category(category)


def _category(c: Category) -> CategoryPublic:
    return CategoryPublic(code=c.code, name_en=c.name_en, name_zh=c.name_zh, machinery=c.machinery)

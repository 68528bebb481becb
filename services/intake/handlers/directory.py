"""Offices, clients and the catalogue: registered once, never deleted. Each write records
who made it (``uow.audit``, issue 17) in its own transaction."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from services.intake.adapters import admins
from services.intake.adapters.uow import IntakeUnitOfWork
from services.intake.domain.directory import Category, Client, Office
from services.intake.domain.open_work import MAX_PAGE, OpenWork
from shared.audit.recorder import record_write
from shared.contracts.audit import AdminActed
from shared.contracts.contacts import OfficeContactChanged
from shared.identity import Principal
from shared.identity.secrets import new_secret_hash
from shared.region import clock
from shared.service.errors import DomainError, NotFound


async def register_office(uow: IntakeUnitOfWork, who: Principal, office: Office) -> str:
    """The office's secret (shown once; only its hash is kept). The office's record says
    which admin registered it (and AdminActed tells it)."""
    secret, hashed = await new_secret_hash()
    async with uow:
        if not await uow.offices.add(office, hashed):
            raise DomainError("an office with this name or id already exists")
        await record_write(uow, who, office.id, "office.register", "office", office.id, AdminActed)
        if office.contact:  # the portal's notification sinks learn it (intake.contacts)
            uow.publish(OfficeContactChanged(office_id=office.id, contact=office.contact))
        await uow.commit()
    return secret


async def change_office_contact(
    uow: IntakeUnitOfWork, who: Principal, office_id: uuid.UUID, contact: str
) -> Office:
    """The office itself or an admin sets its contact (404 for anyone else); a contact
    that really changed is published (``OfficeContactChanged``)."""
    if not who.owns(office_id):
        raise NotFound("office not found")
    async with uow:
        office = await uow.offices.get_for_update(office_id)
        if office is None:
            raise NotFound("office not found")
        changed = office.contact_changed(contact)
        if changed is not None:
            await uow.offices.set_contact(office_id, contact)
            await record_write(
                uow, who, office_id, "office.contact", "office", office_id, AdminActed
            )
            uow.publish(changed)
            await uow.commit()
    return replace(office, contact=contact)


async def register_admin(
    uow: IntakeUnitOfWork, who: Principal, admin_id: uuid.UUID, name: str, secret_hash: str
) -> None:
    """A federation organisation, recorded as the registering admin's act on it."""
    async with uow:
        if not await admins.add(uow.session, admin_id, name, secret_hash):
            raise DomainError("an admin organisation with this name or id already exists")
        await record_write(uow, who, admin_id, "admin.register", "admin", admin_id, AdminActed)
        await uow.commit()


async def list_offices(uow: IntakeUnitOfWork, who: Principal) -> list[Office]:
    """An office sees itself, an admin all."""
    async with uow:
        return await uow.offices.listed(None if who.is_admin else who.org_id)


async def add_client(uow: IntakeUnitOfWork, who: Principal, client: Client) -> None:
    async with uow:
        if not await uow.offices.exists(client.office_id):
            raise DomainError("your organisation is not a registered liaison office")
        if not await uow.clients.add(client):
            raise DomainError("your office already has a client with this name")
        await record_write(
            uow, who, client.office_id, "client.add", "client", client.id, AdminActed
        )
        await uow.commit()


async def list_clients(uow: IntakeUnitOfWork, who: Principal) -> list[Client]:
    """An office's clients; an admin's: everyone's."""
    async with uow:
        return await uow.clients.listed(None if who.is_admin else who.org_id)


async def define_category(uow: IntakeUnitOfWork, who: Principal, category: Category) -> None:
    """Grow the catalogue and tell the other services (``CategoryDefined``). The catalogue
    is the federation's: the record is the defining admin's own (no AdminActed)."""
    async with uow:
        if not await uow.categories.add(category):
            raise DomainError("this category exists")
        await record_write(
            uow, who, who.org_id, "category.define", "category", _category_id(category)
        )
        for event in category.events:
            uow.publish(event)
        category.events.clear()
        await uow.commit()


async def list_categories(uow: IntakeUnitOfWork) -> list[Category]:
    async with uow:
        return await uow.categories.listed()


async def list_public_offices(uow: IntakeUnitOfWork) -> list[Office]:
    """Every liaison office with its market: public information (no secrets, no clients)."""
    async with uow:
        return await uow.offices.listed(None)


async def list_open_work(
    uow: IntakeUnitOfWork,
    category: str | None,
    after: tuple[date, uuid.UUID] | None,
    limit: int,
) -> list[tuple[uuid.UUID, OpenWork]]:
    """The public board: open orders due from today (the Lishui date), soonest first."""
    async with uow:
        today = clock.today()
        return await uow.orders.open_work(today, category, after, min(limit, MAX_PAGE + 1))


def _category_id(category: Category) -> uuid.UUID:
    """A category is named by its code; the audit's object id is derived from it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"procnet:category:{category.code}")

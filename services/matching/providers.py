"""Providers and their calendars: register, change capacity, declare exceptions.

Every change publishes its event on ``matching.providers`` and refreshes the
capacity rows already in use for the days it touches. A category must be one
the catalogue defines (intake's, as ``CategoryDefined`` told matching).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain import (
    CapacityException,
    CategoryCode,
    DateRange,
    DeclaredException,
    Provider,
    UnknownCategory,
    Workforce,
)
from services.matching.schemas import CalendarExceptionCreate, ProviderCreate
from shared.contracts import contacts as c
from shared.contracts import matching as m
from shared.service.errors import DomainError, InvalidInput, NotFound


async def require_known(uow: MatchingUnitOfWork, codes: Iterable[CategoryCode], field: str) -> None:
    """422 naming the unknown codes and every code the catalogue defines; a ``field``
    ending in '.' is completed with the first unknown code (``categories.<code>``)."""
    try:
        (await uow.catalogue.get()).require(codes)
    except UnknownCategory as exc:
        named = field + exc.codes[0] if field.endswith(".") else field
        raise InvalidInput(str(exc), field=named) from exc


async def rotate_secret(uow: MatchingUnitOfWork, provider_id: uuid.UUID, secret_hash: str) -> None:
    """Replace the provider's secret; 404 when there is no such provider."""
    if not await uow.providers.set_secret_hash(provider_id, secret_hash):
        raise NotFound("provider not found")


async def register(
    uow: MatchingUnitOfWork, body: ProviderCreate, secret_hash: str | None = None
) -> uuid.UUID:
    provider = _provider(body)
    await require_known(uow, provider.categories, "categories.")
    if await uow.providers.exists(provider.id):
        raise DomainError("a provider with this id is already registered")
    await uow.providers.add(provider, secret_hash)
    uow.publish(
        m.ProviderRegistered(
            provider_id=provider.id,
            name=body.name,
            county=body.county,
            township=body.township,
            village=body.village,
            mode=body.mode,
            categories=dict(provider.categories),
            workforce=m.Workforce(**body.workforce.model_dump()),
            auto_accept=body.auto_accept,
        )
    )
    # The contact goes on its own topic (personal data), read only by the portal.
    uow.publish(c.ProviderContactChanged(provider_id=provider.id, contact=provider.contact))
    return provider.id


async def update_profile(
    uow: MatchingUnitOfWork,
    provider_id: uuid.UUID,
    *,
    auto_accept: bool | None,
    contact: str | None,
) -> None:
    """Change whether offers are taken automatically and the contact; a contact that
    really changed is published (``ProviderContactChanged``)."""
    before = await profile(uow, provider_id)
    await uow.providers.update_profile(provider_id, auto_accept=auto_accept, contact=contact)
    if contact is not None and contact != before.contact:
        uow.publish(c.ProviderContactChanged(provider_id=provider_id, contact=contact))


def _provider(body: ProviderCreate) -> Provider:
    return Provider(
        id=body.id or uuid.uuid4(),
        name=body.name,
        county=body.county,
        township=body.township,
        village=body.village,
        mode=body.mode,
        categories=dict(body.categories),
        workforce=Workforce(**body.workforce.model_dump()),
        auto_accept=body.auto_accept,
        broker_name=body.broker_name,
        contact=body.contact,
    )


async def profile(uow: MatchingUnitOfWork, provider_id: uuid.UUID) -> Provider:
    found = await uow.providers.get(provider_id)
    if found is None:
        raise NotFound("provider not found")
    return found


async def require_provider(uow: MatchingUnitOfWork, provider_id: uuid.UUID) -> None:
    if not await uow.providers.exists(provider_id):
        raise NotFound("provider not found")


async def set_capacity(
    uow: MatchingUnitOfWork, provider_id: uuid.UUID, category: CategoryCode, units: int
) -> None:
    await require_provider(uow, provider_id)
    await require_known(uow, [category], "path.category")
    await uow.providers.set_capacity(provider_id, category, units)
    await refresh_days(uow, provider_id, [category], None, None)
    uow.publish(m.CapacityChanged(provider_id=provider_id, category=category, units_per_day=units))


async def add_exception(
    uow: MatchingUnitOfWork, provider_id: uuid.UUID, body: CalendarExceptionCreate
) -> uuid.UUID:
    await require_provider(uow, provider_id)
    if body.category is not None:
        await require_known(uow, [body.category], "category")
    rule = CapacityException(
        DateRange(body.first_day, body.last_day), percent=body.percent, units=body.units
    )
    declared = DeclaredException(uuid.uuid4(), provider_id, body.category, rule, body.reason)
    await uow.calendars.add_exception(declared)
    await _calendar_changed(uow, declared)
    return declared.id


async def remove_exception(
    uow: MatchingUnitOfWork, provider_id: uuid.UUID, exception_id: uuid.UUID
) -> None:
    declared = await uow.calendars.remove_exception(provider_id, exception_id)
    if declared is None:
        raise NotFound("calendar exception not found")
    await _calendar_changed(uow, declared, removed=True)


async def _calendar_changed(
    uow: MatchingUnitOfWork, declared: DeclaredException, *, removed: bool = False
) -> None:
    """Capacity rows of the days the exception covers follow it; then the world hears."""
    p, rule = declared.provider_id, declared.rule
    cats = [declared.category] if declared.category else list((await profile(uow, p)).categories)
    await refresh_days(uow, p, cats, rule.days.first, rule.days.last)
    uow.publish(
        m.CalendarChanged(
            provider_id=p,
            exception_id=declared.id,
            category=declared.category,
            start=rule.days.first,
            end=rule.days.last,
            factor=None if removed or rule.percent is None else rule.percent / 100,
            units_per_day=None if removed else rule.units,
            removed=removed,
            reason=declared.reason,
        )
    )


async def refresh_days(
    uow: MatchingUnitOfWork,
    provider_id: uuid.UUID,
    cats: list[CategoryCode],
    first: date | None,
    last: date | None,
) -> None:
    """Recompute capacity of the rows already in use (never below what is promised)."""
    provider = await profile(uow, provider_id)
    for category in cats:
        days = await uow.calendars.days_in_use(provider_id, category, first, last)
        if days:
            cal = await uow.calendars.for_provider(provider, category, min(days), max(days))
            await uow.calendars.refresh(cal, days)


async def free_days(
    uow: MatchingUnitOfWork,
    provider_id: uuid.UUID,
    category: CategoryCode,
    first: date,
    last: date,
) -> list[dict[str, object]]:
    provider = await profile(uow, provider_id)
    await require_known(uow, [category], "query.category")
    cal = await uow.calendars.for_provider(provider, category, first, last)
    used = await uow.calendars.usage(provider_id, category, first, last)
    out = []
    for n in range((last - first).days + 1):
        day = first + timedelta(n)
        use = used.get(day)
        capacity, held, booked = (
            (use.capacity, use.held, use.booked) if use else (cal.gross_units(day), 0, 0)
        )
        out.append(
            {
                "day": day,
                "capacity": capacity,
                "held": held,
                "booked": booked,
                "free": max(0, capacity - held - booked),
            }
        )
    return out

"""Hold, book and release capacity, one conditional UPDATE per provider-day.

Rows are created on first use with the capacity the calendar gives that day.
A hold succeeds only if ``held + booked + units <= capacity`` at the moment
PostgreSQL updates the row (row lock), so 200 concurrent attempts on the last
10 units succeed exactly 10 times; the table's CHECK backs it up.
"""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters.tables import capacity_days as cd
from services.matching.domain import CapacityCalendar

Schedule = dict[date, int]


class NotEnoughCapacity(Exception):
    """The days asked for are no longer free (someone else took them first)."""


async def ensure_days(session: AsyncSession, calendar: CapacityCalendar, days: list[date]) -> None:
    if not days:
        return
    given = _days({d: calendar.gross_units(d) for d in days})
    rows = sa.select(
        sa.literal(calendar.provider_id, sa.Uuid),
        sa.literal(calendar.category, sa.Text),
        given.c.day,
        given.c.units,
    )
    columns = ["provider_id", "category", "day", "capacity"]
    await session.execute(insert(cd).from_select(columns, rows).on_conflict_do_nothing())


async def hold(
    session: AsyncSession, provider_id: uuid.UUID, category: str, schedule: Schedule
) -> None:
    """All days or none, in one statement: raises NotEnoughCapacity and the caller rolls back.

    Days are given in order (the arrays are sorted), so two holds on overlapping
    days tend to lock rows in the same order and queue instead of deadlocking.
    """
    days = _days(schedule)
    fits = cd.c.held + cd.c.booked + days.c.units <= cd.c.capacity
    got = (
        await session.scalars(
            sa.update(cd)
            .where(cd.c.provider_id == provider_id, cd.c.category == category)
            .where(cd.c.day == days.c.day, fits)
            .values(held=cd.c.held + days.c.units)
            .returning(cd.c.day)
        )
    ).all()
    if len(got) < len(schedule):
        missing = sorted(set(schedule) - set(got))
        raise NotEnoughCapacity(f"units on {', '.join(map(str, missing))} are no longer free")


async def book_held(
    session: AsyncSession, provider_id: uuid.UUID, category: str, schedule: Schedule
) -> None:
    await _shift(session, provider_id, category, schedule, held=-1, booked=+1)


async def release_held(
    session: AsyncSession, provider_id: uuid.UUID, category: str, schedule: Schedule
) -> None:
    await _shift(session, provider_id, category, schedule, held=-1)


async def release_booked(
    session: AsyncSession, provider_id: uuid.UUID, category: str, schedule: Schedule
) -> None:
    await _shift(session, provider_id, category, schedule, booked=-1)


async def _shift(
    session: AsyncSession,
    provider_id: uuid.UUID,
    category: str,
    schedule: Schedule,
    held: int = 0,
    booked: int = 0,
) -> None:
    """Move each day's units in or out of ``held`` and ``booked`` (signs say which way)."""
    if not schedule:
        return
    days = _days(schedule)
    await session.execute(
        sa.update(cd)
        .where(cd.c.provider_id == provider_id, cd.c.category == category, cd.c.day == days.c.day)
        .values(held=cd.c.held + held * days.c.units, booked=cd.c.booked + booked * days.c.units)
    )


def _days(schedule: Schedule) -> sa.TableValuedAlias:
    """``unnest(days, units) AS days(day, units)``: two array parameters, so the statement's
    text is the same for any number of days and SQLAlchemy compiles it once."""
    ordered = sorted(schedule.items())
    return (
        sa.func.unnest(
            sa.bindparam("ledger_days", [d for d, _ in ordered], type_=ARRAY(sa.Date)),
            sa.bindparam("ledger_units", [u for _, u in ordered], type_=ARRAY(sa.Integer)),
        )
        .table_valued(sa.column("day", sa.Date), sa.column("units", sa.Integer))
        .render_derived("days")
    )


async def book_directly(
    session: AsyncSession, provider_id: uuid.UUID, category: str, schedule: Schedule
) -> None:
    await hold(session, provider_id, category, schedule)
    await book_held(session, provider_id, category, schedule)


async def refresh_capacity(
    session: AsyncSession, calendar: CapacityCalendar, days: list[date]
) -> None:
    """After a calendar change: new capacity, but never below what is already promised."""
    for day in days:
        await session.execute(
            sa.update(cd)
            .where(_pk(calendar.provider_id, calendar.category, day))
            .values(capacity=sa.func.greatest(calendar.gross_units(day), cd.c.held + cd.c.booked))
        )


def _pk(provider_id: uuid.UUID, category: str, day: date) -> sa.ColumnElement[bool]:
    return sa.and_(cd.c.provider_id == provider_id, cd.c.category == category, cd.c.day == day)


def schedule_to_json(schedule: Schedule) -> dict[str, int]:
    return {d.isoformat(): u for d, u in sorted(schedule.items())}


def schedule_from_json(raw: dict[str, int]) -> Schedule:
    return {date.fromisoformat(d): int(u) for d, u in raw.items()}

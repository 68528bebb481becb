"""The balancer's clock: days are Lishui days (UTC+8), instants are UTC."""

from datetime import UTC, date, datetime, timedelta, timezone

LISHUI = timezone(timedelta(hours=8), "CST")


def now() -> datetime:
    return datetime.now(UTC)


def today(at: datetime | None = None) -> date:
    return (at or now()).astimezone(LISHUI).date()

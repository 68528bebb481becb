"""The one clock: instants are UTC, days are Lishui days (China Standard Time, UTC+8).

Between 00:00 and 08:00 Lishui time the UTC date is still yesterday, so every
"today" in procnet comes from here, never from ``date.today()`` (the host's
zone) or ``datetime.now(UTC).date()``. Tests move time with ``frozen_at``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone

# China has kept UTC+8 all year since 1991; a fixed offset needs no tz database.
LISHUI = timezone(timedelta(hours=8), "CST")

_source: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """The current instant, timezone-aware UTC."""
    return _source()


def today(at: datetime | None = None) -> date:
    """The Lishui date now (or at the instant ``at``)."""
    return (at or now()).astimezone(LISHUI).date()


@contextmanager
def frozen_at(instant: datetime) -> Iterator[None]:
    """Stop the clock at ``instant`` (aware) inside the block: for tests."""
    global _source
    if instant.tzinfo is None:
        raise ValueError("frozen_at needs an aware datetime")
    previous, _source = _source, (lambda: instant.astimezone(UTC))
    try:
        yield
    finally:
        _source = previous

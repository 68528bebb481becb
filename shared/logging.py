"""Structured JSON logs; every line carries the correlation id of the work in hand.

structlog's own loggers and every library that logs through the standard library
(uvicorn, aiokafka, SQLAlchemy, asyncio, warnings) end in the same JSON renderer, one
object per line on stdout: ``timestamp``, ``level``, ``event``, ``logger`` (libraries),
``service`` and, inside a request or an event handler, ``correlation_id`` (and
``causation_id``).
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import structlog

# The correlation (and causation) of the work in hand, for the events it publishes.
_CURRENT: ContextVar[tuple[str, str | None] | None] = ContextVar(
    "procnet_correlation", default=None
)

_SHARED: list[structlog.typing.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(service: str, level: str = "INFO") -> None:
    numeric = logging.getLevelName(level.upper())
    structlog.configure(
        processors=[
            *_SHARED,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(json_formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "aiokafka", "sqlalchemy"):
        library = logging.getLogger(name)
        library.handlers[:] = []  # uvicorn's own plain-text handlers, if any were set
        library.propagate = True
    logging.captureWarnings(True)
    structlog.contextvars.bind_contextvars(service=service)


def json_formatter() -> structlog.stdlib.ProcessorFormatter:
    """Standard-library records rendered like structlog's own lines."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_SHARED, structlog.stdlib.add_logger_name],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    )


@contextmanager
def correlation(correlation_id: str, causation_id: str | None = None) -> Iterator[None]:
    """Bind ids to every log line written inside the block (and only there), and make
    them the correlation and causation of every event published inside it."""
    tokens = structlog.contextvars.bind_contextvars(
        correlation_id=correlation_id, causation_id=causation_id
    )
    current = _CURRENT.set((correlation_id, causation_id))
    try:
        yield
    finally:
        _CURRENT.reset(current)
        structlog.contextvars.reset_contextvars(**tokens)


def current_correlation() -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(correlation_id, causation_id) of the work in hand; (None, None) outside any."""
    current = _CURRENT.get()
    if current is None:
        return None, None
    return _uuid(current[0]), _uuid(current[1])


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None

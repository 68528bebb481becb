"""Structured JSON logs; every line carries the correlation id of the work in hand."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import structlog


def configure_logging(service: str, level: str = "INFO") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)


@contextmanager
def correlation(correlation_id: str, causation_id: str | None = None) -> Iterator[None]:
    """Bind ids to every log line written inside the block (and only there)."""
    tokens = structlog.contextvars.bind_contextvars(
        correlation_id=correlation_id, causation_id=causation_id
    )
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)

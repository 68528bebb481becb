"""Idempotency-Key rules: a retry gets the first order; a key reused for another body is refused."""

from __future__ import annotations

import hashlib
import uuid

import orjson

from services.intake.adapters.idempotency import Remembered
from shared.service.errors import InvalidInput


def request_hash(body: dict[str, object]) -> str:
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def earlier_order(found: Remembered | None, digest: str) -> uuid.UUID | None:
    """The order an earlier request with this key created, if any."""
    if found is None:
        return None
    if found.request_hash != digest:
        raise InvalidInput(
            "this Idempotency-Key was already used for a different request",
            field="header.Idempotency-Key",
        )
    return found.order_id

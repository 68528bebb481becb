"""Error responses: malformed JSON is a 400; bad input a 422 naming field and reason in the
user's terms (``input_messages``); outages are 503, never 500."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from shared.service import input_messages

log = structlog.get_logger()
RETRY_AFTER_S = "5"


class Problem(BaseModel):
    """Every error body: ``detail`` is a message, or a list of {field, reason} for bad input."""

    detail: str | list[dict[str, str]]


# Documented on every /v1 route so clients (and schemathesis) know what can come back.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": why}
    for code, why in {
        400: "Malformed request",
        401: "Missing, expired or invalid token",
        403: "The token's role may not do this",
        404: "No such object, or not yours",
        409: "The object's state does not allow this",
        422: "Invalid input: each field at fault with the reason",
        429: "Rate limit exceeded; see Retry-After",
        503: "A dependency is unavailable; see Retry-After",
    }.items()
}


class DomainError(Exception):
    """A rule refused the request; ``status`` is 409 for state conflicts, 422 for bad values."""

    status = 409

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidInput(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


def validation_problem(field: str, reason: str) -> dict[str, object]:
    return {"detail": [{"field": field, "reason": reason}]}


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if bad_json := next((e for e in errors if e["type"] == "json_invalid"), None):
        # not JSON at all: a malformed request (400), not a field at fault (pydantic
        # would name the byte offset as the field)
        return JSONResponse({"detail": malformed_json(bad_json)}, status_code=400)
    detail = [
        {
            "field": ".".join(str(p) for p in err["loc"] if p != "body") or "body",
            "reason": input_messages.reason(err),
            "type": err["type"],
        }
        for err in errors
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def malformed_json(error: dict[str, Any]) -> str:
    where = next((p for p in reversed(error["loc"]) if isinstance(p, int)), None)
    why = (error.get("ctx") or {}).get("error", "it cannot be parsed")
    at = f" at character {where}" if where is not None else ""
    return f"the request body is not valid JSON{at}: {why}"


async def _on_domain(request: Request, exc: DomainError) -> JSONResponse:
    if exc.status == 422:
        return JSONResponse(validation_problem(exc.field or "body", str(exc)), status_code=422)
    return JSONResponse({"detail": str(exc)}, status_code=exc.status)


async def _on_database_down(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, DBAPIError) and _is_bad_value(exc):
        # a value that passed validation but PostgreSQL cannot hold (a NUL byte in text,
        # a number out of range): the client's input, not our failure
        reason = f"a value cannot be stored: {str(exc.orig).splitlines()[0][:200]}"
        return JSONResponse(validation_problem("body", reason), status_code=422)
    if isinstance(exc, DBAPIError) and not exc.connection_invalidated and not _is_outage(exc):
        log.exception("database error", path=request.url.path)
        return JSONResponse({"detail": "internal error"}, status_code=500)
    log.warning("database unavailable", path=request.url.path, error=type(exc).__name__)
    return JSONResponse(
        {"detail": "database unavailable, retry shortly"},
        status_code=503,
        headers={"Retry-After": RETRY_AFTER_S},
    )


# SQLSTATEs of a server going away: admin/crash shutdown, "the database system is
# shutting down / starting up" (57P01-57P03), and every connection exception (08xxx).
OUTAGE_SQLSTATES = ("57P01", "57P02", "57P03")


def _is_outage(exc: DBAPIError) -> bool:
    sqlstate = str(getattr(exc.orig, "sqlstate", None) or "")
    return (
        isinstance(exc, OperationalError | InterfaceError)
        or sqlstate.startswith("08")
        or sqlstate in OUTAGE_SQLSTATES
        or "connect" in str(exc).lower()
    )


def _is_bad_value(exc: DBAPIError) -> bool:
    """SQLSTATE class 22, data exception: a value the column type cannot take."""
    return str(getattr(exc.orig, "sqlstate", None) or "").startswith("22")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(DomainError, _on_domain)  # type: ignore[arg-type]
    app.add_exception_handler(DBAPIError, _on_database_down)
    app.add_exception_handler(OSError, _on_database_down)
    app.add_exception_handler(TimeoutError, _on_database_down)

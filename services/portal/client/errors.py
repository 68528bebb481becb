"""What a service's answer means for a page: each HTTP status the portal cares about is one
exception, turned into a page by ``services.portal.routes.errors``."""

from __future__ import annotations


class BackendError(Exception):
    """A service answered with an error the page cannot handle itself."""

    def __init__(self, status: int, detail: object = None) -> None:
        super().__init__(f"{status}: {detail}")
        self.status, self.detail = status, detail


class SessionExpired(BackendError):
    """401: the token is missing, expired or no longer valid: sign in again."""


class PageNotFound(BackendError):
    """404: no such object, or not this organisation's (the same to the user)."""


class Forbidden(BackendError):
    """403: the organisation's role may not do this."""


class Conflict(BackendError):
    """409: the object's state does not allow this now (e.g. cancelling a delivered order)."""

    @property
    def message(self) -> str:
        return str(self.detail or "")


class FieldErrors(BackendError):
    """422: the fields at fault, each with the service's reason (in English)."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(422, fields)
        self.fields = fields


class BackendUnavailable(BackendError):
    """A service is down, slow or failing (5xx, 429, no connection)."""


def field_errors(detail: object) -> dict[str, str]:
    """``{"detail": [{"field": "deadline", "reason": ...}]}`` -> {"deadline": reason}; a
    nested field ("materials.0.quantity") keeps its path."""
    if not isinstance(detail, list):
        return {"body": str(detail)}
    found: dict[str, str] = {}
    for item in detail:
        if isinstance(item, dict):
            found.setdefault(str(item.get("field", "body")), str(item.get("reason", "")))
    return found

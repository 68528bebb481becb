"""Calling intake, matching and the balancer for a page (see ``services`` and ``errors``)."""

from services.portal.client.errors import (
    BackendError,
    BackendUnavailable,
    Conflict,
    FieldErrors,
    Forbidden,
    PageNotFound,
    SessionExpired,
)
from services.portal.client.services import SERVICES, Backends, BoundClient, UserApi

__all__ = [
    "SERVICES",
    "BackendError",
    "BackendUnavailable",
    "Backends",
    "BoundClient",
    "Conflict",
    "FieldErrors",
    "Forbidden",
    "PageNotFound",
    "SessionExpired",
    "UserApi",
]

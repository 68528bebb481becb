"""Dependencies the portal's routes share: the session, the caller's view of the services,
the audience a page is for, and the CSRF check of every form."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from services.portal.client import Backends, Forbidden, SessionExpired, UserApi
from services.portal.rendering import session_of
from services.portal.session import Session
from shared.identity import Role


class CsrfFailed(Exception):
    """A form came back without this session's CSRF token (old page, or another site)."""


def _session(request: Request) -> Session:
    return session_of(request)


SessionDep = Annotated[Session, Depends(_session)]


def backends(request: Request) -> Backends:
    found: Backends = request.app.state.backends
    return found


def _public_api(request: Request) -> UserApi:
    return UserApi(backends(request), None)


def _signed_in_api(request: Request) -> UserApi:
    session = session_of(request)
    if not session.signed_in or session.expired:
        raise SessionExpired(401, "no session" if not session.signed_in else "token expired")
    return UserApi(backends(request), session.token)


PublicApi = Annotated[UserApi, Depends(_public_api)]
SignedInApi = Annotated[UserApi, Depends(_signed_in_api)]


def api_for(role: Role) -> Callable[[Request, UserApi], UserApi]:
    """The services as an organisation of ``role`` sees them; another role gets 403."""

    def dependency(request: Request, api: SignedInApi) -> UserApi:
        if session_of(request).role != role.value:
            raise Forbidden(403, f"this page is for role {role.value}")
        return api

    return dependency


OfficeApi = Annotated[UserApi, Depends(api_for(Role.OFFICE))]
ProviderApi = Annotated[UserApi, Depends(api_for(Role.PROVIDER))]
AdminApi = Annotated[UserApi, Depends(api_for(Role.ADMIN))]


async def checked_form(request: Request) -> dict[str, str | list[str]]:
    """The posted form, once its CSRF token matches the session's; fields that repeat
    (materials lines) come back as lists."""
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    if not hmac.compare_digest(sent, session_of(request).csrf):
        raise CsrfFailed()
    data: dict[str, str | list[str]] = {}
    for key in form:
        values = [str(v) for v in form.getlist(key)]
        data[key] = values if key.endswith("[]") else values[-1]
    return data


Form = Annotated[dict[str, str | list[str]], Depends(checked_form)]

"""FastAPI dependency: ``CurrentPrincipal`` in a route signature means "authenticated"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.identity.tokens import Principal, Role, TokenError, verify_token

_bearer = HTTPBearer(auto_error=False, description="A token from `procnet token issue`")


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise _unauthorised("missing bearer token")
    state = request.app.state
    try:
        principal = verify_token(state.keys, credentials.credentials, state.token_ttl)
        await state.generations.require_current(principal)
    except TokenError as exc:
        raise _unauthorised(str(exc)) from exc
    request.state.principal = principal  # for the audit log and request metrics
    return principal


def require_role(*roles: Role) -> Callable[..., object]:
    async def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in roles and not principal.is_admin:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"requires role {' or '.join(roles)}")
        return principal

    return check


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]

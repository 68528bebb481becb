"""``POST /v1/token``: an organisation trades its secret for a bearer token.

Each service answers for the organisations it owns (intake: offices,
matching: providers); the lookup returns the stored hash, role and name.
Unknown organisation and wrong secret get the same 401 in the same time (an
unknown one is checked against a decoy hash), so the endpoint does not tell
which organisations exist. The scrypt check runs on a small thread pool, never
on the event loop, and repeated failures per organisation and per client
address are slowed, then refused with 429 (``shared.identity.throttle``).
An organisation may give its short code (the first 8 hex digits of its id,
``short_code``) instead of the id, which is easier to type on a phone; a code
that names no organisation, or two, is the same 401.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.http.client_address import client_address
from shared.identity.revocation import GenerationView, generation_of
from shared.identity.secrets import check_secret, decoy_hash, new_secret_hash
from shared.identity.throttle import FailureThrottle
from shared.identity.tokens import Role, issue_token

Lookup = Callable[[Request, uuid.UUID], Awaitable[tuple[str | None, Role, str] | None]]
CodeLookup = Callable[[Request, str], Awaitable[uuid.UUID | None]]
SHORT_CODE_LENGTH = 8


def short_code(org_id: uuid.UUID) -> str:
    """The short code an organisation may sign in with: its id's first 8 hex digits."""
    return org_id.hex[:SHORT_CODE_LENGTH]


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    org_id: uuid.UUID | None = None
    code: Annotated[
        str | None,
        Field(pattern=r"^[0-9a-f]{8}$", description="the short code, instead of org_id"),
    ] = None
    secret: Annotated[str, Field(min_length=1, max_length=200)]

    @model_validator(mode="after")
    def _one_name(self) -> TokenRequest:
        if (self.org_id is None) == (self.code is None):
            raise ValueError("give either org_id or code (the short code), not both")
        return self


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


def token_router(lookup: Lookup, by_code: CodeLookup | None = None) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["identity"])
    throttle = FailureThrottle()
    decoy_hash()  # at start-up, so the first unknown organisation costs no more

    @router.post(
        "/token",
        response_model=TokenResponse,
        responses={
            401: {"description": "Bad credentials"},
            429: {"description": "Too many failed attempts; see Retry-After"},
        },
    )
    async def exchange(body: TokenRequest, request: Request) -> TokenResponse:
        """Trade an organisation's secret for a bearer token (12 hours by default)."""
        who = str(body.org_id) if body.org_id is not None else f"code:{body.code}"
        keys = [f"org:{who}", f"addr:{client_address(request)}"]
        if wait := throttle.blocked_for(keys):
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "too many failed attempts; try again later",
                headers={"Retry-After": str(max(1, int(wait)))},
            )
        if delay := throttle.delay(keys):
            await asyncio.sleep(delay)
        org_id = body.org_id
        if org_id is None and body.code is not None and by_code is not None:
            org_id = await by_code(request, body.code)
        found = None if org_id is None else await lookup(request, org_id)
        stored = found[0] if found else None
        if not await check_secret(body.secret, stored) or found is None or org_id is None:
            # An organisation this service does not know counts against itself only: the
            # portal asks intake before matching, so every broker's sign-in is "unknown"
            # at intake, and counting those per address would block a whole village.
            throttle.failed(keys if found is not None else keys[:1])
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, "unknown organisation or wrong secret"
            )
        throttle.succeeded(keys[0])
        _, role, name = found
        generation = generation_of(stored)
        await generations(request).publish(org_id, generation)
        ttl = request.app.state.token_ttl
        token = issue_token(
            request.app.state.keys, org_id, role, name=name, ttl=ttl, generation=generation
        )
        return TokenResponse(access_token=token, expires_in=int(ttl.total_seconds()))

    return router


def generations(request: Request) -> GenerationView:
    view: GenerationView = request.app.state.generations
    return view


def table_lookup(table: sa.Table, role: Role) -> Lookup:
    """Credentials of organisations kept as rows of ``table``: id, name, secret_hash."""

    async def lookup(request: Request, org_id: uuid.UUID) -> tuple[str | None, Role, str] | None:
        query = sa.select(table.c.secret_hash, table.c.name).where(table.c.id == org_id)
        async with request.app.state.infra.sessions() as s:
            row = (await s.execute(query)).one_or_none()
        return None if row is None else (row.secret_hash, role, row.name)

    return lookup


def table_code_lookup(table: sa.Table) -> CodeLookup:
    """The id of the one row of ``table`` whose id starts with the short code."""

    async def by_code(request: Request, code: str) -> uuid.UUID | None:
        query = sa.select(table.c.id).where(sa.cast(table.c.id, sa.Text).startswith(code)).limit(2)
        async with request.app.state.infra.sessions() as s:
            ids = (await s.execute(query)).scalars().all()
        return ids[0] if len(ids) == 1 else None

    return by_code


async def rotate_secret(request: Request, table: sa.Table, org_id: uuid.UUID) -> str | None:
    """A new secret for the organisation in row ``org_id`` of ``table`` (the old one, and
    every token issued for it, stop working at once); None when there is no such row."""
    secret, hashed = await new_secret_hash()
    sessions: async_sessionmaker[AsyncSession] = request.app.state.infra.sessions
    async with sessions() as s, s.begin():
        changed = await s.execute(
            sa.update(table).where(table.c.id == org_id).values(secret_hash=hashed)
        )
    if not changed.rowcount:  # type: ignore[attr-defined]
        return None
    await generations(request).publish(org_id, generation_of(hashed))
    return secret


def first_lookup(*lookups: Lookup) -> Lookup:
    """Organisations of several kinds behind one exchange (intake: offices, then the
    federation's admins): the first lookup that knows the id answers."""

    async def lookup(request: Request, org_id: uuid.UUID) -> tuple[str | None, Role, str] | None:
        for each in lookups:
            if (found := await each(request, org_id)) is not None:
                return found
        return None

    return lookup


def one_code(*by_codes: CodeLookup) -> CodeLookup:
    """A short code across several tables: it names an organisation only when exactly one
    table has exactly one row for it."""

    async def by_code(request: Request, code: str) -> uuid.UUID | None:
        found = [org for each in by_codes if (org := await each(request, code)) is not None]
        return found[0] if len(found) == 1 else None

    return by_code

"""PostgreSQL roles and Redis ACL users per service (issue 17, finding 5).

Before this change each role's password was its name, ``procnet/procnet`` was a
superuser and Redis had no password (default user ``+@all``): a rate-limit key
written by hand locked an organisation out, and FLUSHALL worked for anyone.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import asyncpg
import pytest
from redis.asyncio import Redis
from redis.exceptions import AuthenticationError, NoPermissionError, ResponseError

from shared.security.access import principals
from tests.support.services import migrate
from tests.support.stack import redis_client, role_url

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def intake_schema(stack: None) -> str:
    migrate("intake")
    return "intake"


async def _connect(role: str) -> asyncpg.Connection:
    return await asyncpg.connect(role_url(role, driver="postgresql"))


async def test_each_service_role_reads_its_own_schema(intake_schema: str) -> None:
    conn = await _connect("intake")
    try:
        assert await conn.fetchval("SELECT count(*) FROM intake.alembic_version") == 1
    finally:
        await conn.close()


@pytest.mark.parametrize("other", ["matching", "balancer"])
async def test_another_service_cannot_read_or_write_intakes_schema(
    intake_schema: str, other: str
) -> None:
    conn = await _connect(other)
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetchval("SELECT count(*) FROM intake.alembic_version")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("CREATE TABLE intake.forged (id int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("UPDATE intake.alembic_version SET version_num = 'x'")
    finally:
        await conn.close()


async def test_no_role_is_a_superuser_and_old_passwords_fail(stack: None) -> None:
    conn = await _connect("procnet")
    try:
        supers = await conn.fetch(
            "SELECT rolname FROM pg_roles WHERE rolsuper AND rolname = ANY($1::text[])",
            [*principals("postgres"), "procnet"],
        )
    finally:
        await conn.close()
    assert supers == []
    port = os.environ["PROCNET_PG_PORT"]
    for role in ("procnet", "intake"):
        with pytest.raises(asyncpg.InvalidPasswordError):
            await asyncpg.connect(f"postgresql://{role}:{role}@127.0.0.1:{port}/procnet")


@pytest.fixture
async def matching_redis(stack: None) -> AsyncIterator[Redis]:
    client = redis_client("matching")
    yield client
    await client.aclose()


async def test_a_service_uses_keys_under_its_own_prefix(matching_redis: Redis) -> None:
    await matching_redis.set("procnet:matching:acl-probe", "1", ex=60)
    assert await matching_redis.get("procnet:matching:acl-probe") == b"1"


@pytest.mark.parametrize(
    "command",
    [
        ("SET", "procnet:intake:rl:forged", "99999"),  # locking an office out of intake
        ("GET", "procnet:intake:rl:forged"),
        ("DEL", "procnet:intake:rl:forged"),
        ("SET", "unprefixed", "1"),
    ],
)
async def test_another_services_keys_are_out_of_reach(
    matching_redis: Redis, command: tuple[str, ...]
) -> None:
    with pytest.raises(NoPermissionError):
        await matching_redis.execute_command(*command)


@pytest.mark.parametrize(
    "command",
    [
        ("FLUSHALL",),
        ("FLUSHDB",),
        ("KEYS", "*"),
        ("CONFIG", "GET", "*"),
        ("ACL", "SETUSER", "intruder", "on", ">x", "+@all"),
    ],
)
async def test_dangerous_commands_are_refused_to_services(
    matching_redis: Redis, command: tuple[str, ...]
) -> None:
    with pytest.raises(NoPermissionError):
        await matching_redis.execute_command(*command)


async def test_redis_refuses_clients_without_credentials(stack: None) -> None:
    anonymous = Redis(host="127.0.0.1", port=int(os.environ["PROCNET_REDIS_PORT"]))
    try:
        with pytest.raises((AuthenticationError, ResponseError)):
            await anonymous.set("procnet:intake:rl:forged", "99999")
    finally:
        await anonymous.aclose()

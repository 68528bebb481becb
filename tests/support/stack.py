"""The test stack: real Kafka, PostgreSQL and Redis started by infra/up.sh.

``make test`` starts it on its own ports; running pytest by hand starts (or
reuses) the same stack through the same script.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from redis.asyncio import Redis

from shared.security.access import PG_ADMIN, REDIS_ADMIN
from shared.security.secrets import read_secret
from tests.support.containers import stack_kind, start_containers

ROOT = Path(__file__).resolve().parents[2]

TEST_STACK = {
    "PROCNET_ENV": "test",
    "PROCNET_STATE_DIR": str(ROOT / ".state" / "test"),
    "PROCNET_KAFKA_PORT": "59092",
    "PROCNET_KAFKA_CONTROLLER_PORT": "59093",
    "PROCNET_PG_PORT": "55432",
    "PROCNET_REDIS_PORT": "56379",
}


def use_test_stack() -> None:
    for name, value in TEST_STACK.items():
        os.environ.setdefault(name, value)


def ensure_stack_running() -> None:
    """Idempotent: a no-op re-check when ``make test`` already started it.

    Native (infra/up.sh) or on containers when a Docker engine is present; see
    ``tests/support/containers.py`` (``PROCNET_TEST_STACK``).
    """
    use_test_stack()
    if stack_kind() == "containers":
        start_containers(ROOT)
        return
    subprocess.run(["bash", str(ROOT / "infra" / "up.sh")], check=True, cwd=ROOT)


def role_url(role: str, driver: str = "postgresql+asyncpg") -> str:
    """A PostgreSQL URL logging in as ``role`` with the stack's generated password."""
    password = read_secret("postgres", role)
    return f"{driver}://{role}:{password}@127.0.0.1:{os.environ['PROCNET_PG_PORT']}/procnet"


def admin_url() -> str:
    """The admin role: owns the database, a member of every service role, not a superuser."""
    return role_url(PG_ADMIN)


def redis_client(user: str = REDIS_ADMIN, db: int = 0) -> Redis:
    """A Redis client as an ACL user of the stack (the admin may run every command)."""
    return Redis(
        host="127.0.0.1",
        port=int(os.environ["PROCNET_REDIS_PORT"]),
        db=db,
        username=user,
        password=read_secret("redis", user),
    )


def kafka_bootstrap() -> str:
    return f"127.0.0.1:{os.environ['PROCNET_KAFKA_PORT']}"

"""The benchmark stack: its own state dir and ports, beside the dev and test stacks."""

from __future__ import annotations

import os
from pathlib import Path

from shared.security.access import PG_ADMIN
from tests.support.stack import ROOT, role_url

# `make bench BENCH_SLOT=n` names its own state dir; run by hand, the default slot 0.
STATE_DIR = Path(os.environ.get("PROCNET_STATE_DIR", ROOT / ".state" / "bench"))
LOGS = STATE_DIR / "logs"
RESULTS = ROOT / "results"

BENCH_STACK = {
    "PROCNET_ENV": "test",
    "PROCNET_STATE_DIR": str(STATE_DIR),
    "PROCNET_KAFKA_PORT": "62092",
    "PROCNET_KAFKA_CONTROLLER_PORT": "62093",
    "PROCNET_PG_PORT": "62432",
    "PROCNET_REDIS_PORT": "62379",
    # The limit stays on (each request still counts in Redis) but far above what the bench
    # sends: at the default 3,000 a minute every request past the 50th a second was a 429.
    "PROCNET_RATE_LIMIT_PER_MINUTE": "10000000",
}


def use_bench_stack() -> None:
    """Point every helper (and every child process) at the bench stack."""
    for name, value in BENCH_STACK.items():
        os.environ.setdefault(name, value)


def admin_dsn() -> str:
    """Plain asyncpg DSN of the admin role (the baselines use asyncpg directly)."""
    return role_url(PG_ADMIN, driver="postgresql")

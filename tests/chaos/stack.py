"""The chaos stack (own ports, state dir ``.state/chaos``) and the faults done to its servers.

Every fault goes through ``infra/lib.sh``, so it finds the very processes
``infra/up.sh`` started (pid files under the state dir) and nothing else.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.support.stack import ROOT

# PROCNET_CHAOS_SLOT=n (default 0) shifts every port by 100*n and uses .state/chaos-n, so
# two engineers (or two checks under development) can run chaos side by side.
SLOT = int(os.environ.get("PROCNET_CHAOS_SLOT", "0"))
STATE = ROOT / ".state" / ("chaos" if SLOT == 0 else f"chaos-{SLOT}")
CHAOS_STACK = {
    "PROCNET_ENV": "test",
    "PROCNET_STATE_DIR": str(STATE),
    "PROCNET_KAFKA_PORT": str(64092 + 100 * SLOT),
    "PROCNET_KAFKA_CONTROLLER_PORT": str(64093 + 100 * SLOT),
    "PROCNET_PG_PORT": str(64432 + 100 * SLOT),
    "PROCNET_REDIS_PORT": str(64379 + 100 * SLOT),
}
LIB = ROOT / "infra" / "lib.sh"


def use_chaos_stack() -> None:
    """Force the chaos ports: never touch another engineer's stack by accident."""
    os.environ.update(CHAOS_STACK)


def up() -> float:
    """``infra/up.sh`` (starts whatever is down, re-checks the rest); returns its seconds."""
    t0 = time.monotonic()
    subprocess.run(["bash", str(ROOT / "infra" / "up.sh")], check=True, cwd=ROOT)
    return time.monotonic() - t0


def prepare() -> None:
    """Servers up, topics created, every schema migrated (all idempotent)."""
    up()
    subprocess.run([sys.executable, "-m", "shared.kafka.admin"], check=True, cwd=ROOT)
    subprocess.run([sys.executable, "-m", "shared.db.migrate", "all"], check=True, cwd=ROOT)


def _lib(script: str) -> str:
    out = subprocess.run(
        ["bash", "-c", f'source "{LIB}"; {script}'],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def kafka_pid() -> int:
    pid = _lib("kafka_owned_pid")
    assert pid, "the chaos stack's Kafka is not running"
    return int(pid)


def kill_kafka() -> int:
    """SIGKILL the broker JVM named by ``$STATE/kafka/kafka.pid``; returns its pid."""
    pid = kafka_pid()
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while _lib("kafka_owned_pid") and time.monotonic() < deadline:
        time.sleep(0.05)  # the JVM is gone within milliseconds; polled with a deadline
    return pid


def stop_postgres() -> None:
    """What ``infra/down.sh`` does for PostgreSQL: ``pg_ctl stop -m fast``."""
    _lib('as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null')


def postgres_running() -> bool:
    return bool(_lib("pg_owned_pid"))


def flush_redis() -> None:
    # FLUSHALL is refused to the services' ACL users; only the stack's admin may.
    _lib("redis_admin_cli flushall >/dev/null")


def broker_log_size() -> int:
    return (STATE / "kafka" / "server.log").stat().st_size


def broker_log_since(offset: int) -> str:
    with (STATE / "kafka" / "server.log").open("rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace")

"""Run a procnet service as a real process on a free port, for integration tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.stack import ROOT


@dataclass
class RunningService:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def migrate(service: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.db.migrate", service], check=True, cwd=ROOT)


@contextmanager
def running_service(name: str, **env: str) -> Iterator[RunningService]:
    logs = Path(os.environ.get("PROCNET_STATE_DIR", ROOT / ".state" / "test")) / "logs"
    with running_module(name, f"services.{name}", f"PROCNET_{name.upper()}_PORT", logs, env) as s:
        yield s


@contextmanager
def running_module(
    name: str,
    module: str,
    port_variable: str,
    logs: Path,
    env: dict[str, str],
    # On a shared 2-core machine at load 13 a start took over 30 s; PROCNET_TEST_READY_S overrides.
    timeout: float = float(os.environ.get("PROCNET_TEST_READY_S", "90")),
) -> Iterator[RunningService]:
    """``python -m module`` on a free port (given in ``port_variable``), logging under
    ``logs``; yielded once ``/readyz`` answers, terminated afterwards."""
    port = free_port()
    log = logs / f"{name}-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, port_variable: str(port), **env}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    service = RunningService(name, f"http://127.0.0.1:{port}", proc, log)
    try:
        wait_ready(service, timeout)
        yield service
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_ready(service: RunningService, timeout: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.name} exited:\n{service.log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{service.url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)  # polling a condition with a deadline, not a fixed wait
    raise RuntimeError(
        f"{service.name} not ready in {timeout}s:\n{service.log.read_text()[-3000:]}"
    )

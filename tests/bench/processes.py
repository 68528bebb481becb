"""Servers under test as real processes on free ports, logging under .state/bench/logs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bench.stack import LOGS
from tests.support.services import RunningService, free_port, wait_ready
from tests.support.stack import ROOT


@contextmanager
def server(name: str, module: str, port_variable: str, **env: str) -> Iterator[RunningService]:
    """Run ``python -m module`` with its port in ``port_variable``; ready when /readyz answers."""
    port = free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{name}-{port}.log"
    full_env = {**os.environ, port_variable: str(port), **env}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", module], cwd=ROOT, env=full_env, stdout=out, stderr=out
        )
    service = RunningService(name, f"http://127.0.0.1:{port}", proc, log)
    try:
        wait_ready(service, timeout=60)
        yield service
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

"""Servers under test as real processes on free ports, logging under .state/bench/logs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bench.stack import LOGS
from tests.support.services import RunningService, running_module


@contextmanager
def server(name: str, module: str, port_variable: str, **env: str) -> Iterator[RunningService]:
    """Run ``python -m module`` with its port in ``port_variable``; ready when /readyz answers."""
    with running_module(name, module, port_variable, LOGS, env, timeout=60) as service:
        yield service


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

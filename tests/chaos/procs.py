"""Services as real processes that the checks can kill, pause, resume and restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.chaos.stack import STATE
from tests.support.services import free_port
from tests.support.stack import ROOT

LOGS = STATE / "logs"


@dataclass
class Service:
    """One ``python -m services.<name>`` on a fixed port, restartable on that port."""

    name: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 60.0) -> float:
        """Start and wait for /readyz; returns the seconds it took."""
        LOGS.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        log = LOGS / f"{self.name}-{self.port}.log"
        # "matching-2" is a second process of services.matching, on its own port.
        base = self.name.split("-")[0]
        env = {**os.environ, f"PROCNET_{base.upper()}_PORT": str(self.port), **self.env}
        module = f"services.{base}"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", module], cwd=ROOT, env=env, stdout=out, stderr=out
            )
        t0 = time.monotonic()
        self.wait_ready(timeout)
        return time.monotonic() - t0

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, f"{self.name} exited"
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)  # polling a condition with a deadline
        raise AssertionError(f"{self.name} not ready after {timeout}s")

    def signal(self, sig: signal.Signals) -> None:
        os.kill(self.pid, sig)

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no last commit, no goodbye to the group."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGCONT)  # a paused process cannot handle SIGTERM
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def revive(self) -> None:
        """Back to serving, whether it was paused (SIGCONT) or killed (restart)."""
        if self.alive():
            self.signal(signal.SIGCONT)
        else:
            self.start()

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


def metric(service: Service, name: str, **labels: str) -> float:
    """One sample of a Prometheus counter from the service's /metrics (0 when absent)."""
    text = httpx.get(f"{service.url}/metrics", timeout=10).text
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and all(p in line for p in want.split(",")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0

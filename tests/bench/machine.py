"""Facts about the machine and checkout a result was measured on."""

from __future__ import annotations

import os
import platform
import subprocess
import time

from tests.support.stack import ROOT


def _git_commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(["git", "diff", "--quiet"], cwd=ROOT).returncode != 0
    return found.stdout.strip() + ("+dirty" if dirty else "")


def machine_facts() -> dict[str, object]:
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "load_avg": os.getloadavg(),
        "python": platform.python_version(),
        "commit": _git_commit(),
    }

"""Named crash points for fault-injection tests.

``PROCNET_FAILPOINTS=relay.after_send`` makes the process SIGKILL itself the
first time it reaches that point. Unset in every real deployment.
"""

from __future__ import annotations

import os
import signal


def hit(name: str) -> None:
    if name in os.environ.get("PROCNET_FAILPOINTS", "").split(","):
        os.kill(os.getpid(), signal.SIGKILL)

"""Passwords generated per stack by ``infra/up.sh``: ``<secrets dir>/<store>/<name>``.

The secrets dir is ``$PROCNET_SECRETS_DIR``, else ``$PROCNET_STATE_DIR/secrets``,
else the development stack's ``.state/dev/secrets`` (what ``make up`` uses).
Files are 0600 in a 0700 folder; nothing here is ever written to the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def secrets_dir() -> Path:
    explicit = os.environ.get("PROCNET_SECRETS_DIR")
    if explicit:
        return Path(explicit)
    state = os.environ.get("PROCNET_STATE_DIR") or str(ROOT / ".state" / "dev")
    return Path(state) / "secrets"


def read_secret(store: str, name: str) -> str:
    path = secrets_dir() / store / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        raise RuntimeError(
            f"no {store} password for {name!r} at {path}: start the stack with infra/up.sh "
            "(it generates them) or set PROCNET_SECRETS_DIR"
        ) from None

"""Where the browser libraries the project serves itself live (``infra/vendor_web.py``
fetches them at pinned versions; no page loads anything from a CDN)."""

from __future__ import annotations

import os
from pathlib import Path

# A checkout keeps them in <repo>/vendor/web; an installed image says where by environment.
_DEFAULT = Path(__file__).resolve().parents[2] / "vendor" / "web"


def vendor_dir() -> Path:
    return Path(os.environ.get("PROCNET_WEB_VENDOR_DIR", str(_DEFAULT)))


def vendor_file(package: str, name: str) -> Path:
    """The path of one vendored file; a clear error when setup has not fetched it."""
    path = vendor_dir() / package / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `python infra/vendor_web.py` (make venv)")
    return path

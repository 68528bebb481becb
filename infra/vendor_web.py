"""Fetch the browser libraries the project serves itself, at pinned versions.

    python infra/vendor_web.py           # fetch what is missing or changed (idempotent)
    python infra/vendor_web.py --check   # exit 1 when vendor/web is not what the lock says

Pages in mainland China cannot rely on foreign CDNs, so every script and style sheet a page
uses is served by procnet. The pins live in ``infra/web-vendor.json``: npm tarballs from
the registry, each checked against the registry's sha512 integrity before any file is
unpacked. The files land in ``vendor/web/<name>/`` (git-ignored; the lock is the source).

Standard library only (urllib, tarfile, hashlib): this runs before the virtualenv exists,
and a JavaScript package manager would be a heavy dependency for three tarballs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "infra" / "web-vendor.json"
TARGET = ROOT / "vendor" / "web"
REGISTRY = os.environ.get("PROCNET_NPM_REGISTRY", "https://registry.npmjs.org")


def tarball_url(name: str, version: str) -> str:
    return f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"


def verify(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise SystemExit(f"vendor_web: integrity mismatch ({algorithm}) - refusing to unpack")


def stamp_of(package: dict) -> str:
    return f"{package['name']}@{package['version']} {package['integrity']}\n"


def installed(package: dict) -> bool:
    folder = TARGET / package["name"]
    stamp = folder / ".installed"
    if not stamp.exists() or stamp.read_text() != stamp_of(package):
        return False
    return all((folder / Path(f).name).exists() for f in package["files"])


def install(package: dict) -> None:
    url = tarball_url(package["name"], package["version"])
    print(f"vendor_web: fetching {package['name']} {package['version']}", flush=True)
    with urllib.request.urlopen(url, timeout=120) as answer:
        data = answer.read()
    verify(data, package["integrity"])
    folder = TARGET / package["name"]
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in package["files"]:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"vendor_web: {name} missing from {url}")
            # Served flat from vendor/web/<name>/, whatever the folder in the tarball.
            out = folder / Path(name).name
            tmp = out.with_suffix(out.suffix + ".part")
            tmp.write_bytes(member.read())
            tmp.replace(out)
    (folder / ".installed").write_text(stamp_of(package))


def packages() -> list[dict]:
    return list(json.loads(LOCK.read_text())["packages"])


def main(argv: list[str]) -> int:
    missing = [p for p in packages() if not installed(p)]
    if "--check" in argv:
        for p in missing:
            print(f"vendor_web: {p['name']} {p['version']} not installed")
        return 1 if missing else 0
    for package in missing:
        install(package)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Swagger UI and the vendored browser libraries come from the service itself, never a CDN."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shared.http.swagger import install_docs

ROOT = Path(__file__).resolve().parents[2]


def _vendor_web():  # infra/ is scripts, not a package
    spec = importlib.util.spec_from_file_location("vendor_web", ROOT / "infra" / "vendor_web.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_page_loads_nothing_from_another_host() -> None:
    app = FastAPI(docs_url=None, redoc_url=None)
    install_docs(app, "intake")
    with TestClient(app) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        urls = re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""", page.text)
        assert urls, page.text
        assert not [u for u in urls if re.match(r"(https?:)?//", u)], urls
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
            answer = client.get(f"/docs/assets/{asset}")
            assert answer.status_code == 200, asset
            assert len(answer.content) > 10_000


def test_every_pinned_library_is_installed_as_locked() -> None:
    assert _vendor_web().main(["--check"]) == 0


def test_a_tarball_that_does_not_match_its_pin_is_refused() -> None:
    vendor_web = _vendor_web()
    data = b"not the tarball that was pinned"
    good = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    vendor_web.verify(data, good)
    with pytest.raises(SystemExit, match="integrity mismatch"):
        vendor_web.verify(data + b"!", good)

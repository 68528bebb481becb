"""Swagger UI served from the service itself, never from a CDN.

FastAPI's default ``/docs`` page loads swagger-ui from jsDelivr and its favicon from
fastapi.tiangolo.com, which are blocked or slow in mainland China. Here the page points at
the pinned copy in ``vendor/web/swagger-ui-dist`` served under ``/docs/assets``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from shared.http.vendor import vendor_dir

ASSETS = "/docs/assets"
# A one-pixel transparent icon: stops the browser asking another host for a favicon.
_NO_ICON = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


def install_docs(app: FastAPI, title: str) -> None:
    """``GET /docs`` for ``app`` (created with ``docs_url=None``) from local assets."""
    app.mount(
        ASSETS,
        StaticFiles(directory=vendor_dir() / "swagger-ui-dist", check_dir=False),
        name="swagger-assets",
    )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{title} - API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=_NO_ICON,
        )

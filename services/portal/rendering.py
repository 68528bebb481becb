"""Jinja2 pages in the request's language, with the helpers every template may use:
``_``/``ngettext`` (gettext), ``money``, ``day``, ``moment``, ``number``, ``label``,
``options``, ``csrf_field()``, the menus and the static files' URLs. ``?fragment=1``
renders only a page's ``main`` block (live updates re-fetch it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from services.portal import nav
from services.portal.i18n import LANGUAGES, current_language, gettext, ngettext
from services.portal.i18n.formatting import day, moment, money, number, quantity, yuan_to_fen
from services.portal.i18n.labels import category_name, label, options
from services.portal.session import Session

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
MAIN = '<main id="main">'  # base.html's main element


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        money=money,
        day=day,
        moment=moment,
        number=number,
        quantity=quantity,
        label=label,
        options=options,
        category_name=lambda c: category_name(c, current_language()),
        languages=LANGUAGES,
        fen=yuan_to_fen,
        client_choices=lambda clients: [(c["id"], c["name"]) for c in clients],
    )
    return env


ENV = _environment()


def session_of(request: Request) -> Session:
    session: Session = request.state.session
    return session


def done_notice(request: Request, notices: dict[str, str]) -> str:
    """The notice a form's redirect asked for (``?done=<key>``), in the page's language."""
    msgid = notices.get(request.query_params.get("done", ""))
    return gettext(msgid) if msgid else ""


def csrf_field(request: Request) -> Markup:
    token = escape(session_of(request).csrf)
    return Markup(f'<input type="hidden" name="csrf_token" value="{token}">')


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    session = session_of(request)
    page = {
        "request": request,
        "session": session,
        "lang": current_language(),
        "public_menu": nav.menu(nav.PUBLIC),
        "own_menu": nav.menu(session.role if session.signed_in else None),
        "csrf_field": lambda: csrf_field(request),
        "csrf_token": session.csrf,
        "path": request.url.path,
        **(context or {}),
    }
    html = ENV.get_template(template).render(page)
    if request.query_params.get("fragment") == "1" and MAIN in html:
        # Only what is inside <main>: what live.js swaps in when an event changes the page.
        # Cut from the whole page, so the macros a template imports at its top still work.
        inner = html.split(MAIN, 1)[1].rsplit("</main>", 1)[0]
        return HTMLResponse(inner, status_code=status_code, headers={"Cache-Control": "no-store"})
    return HTMLResponse(html, status_code=status_code)

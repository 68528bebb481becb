"""Per request: read the session cookie and the language, and write the session back when
it changed. A plain ASGI middleware, so streamed responses (server-sent events) pass
through untouched."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.portal.i18n import LANG_COOKIE, choose_language, use_language
from services.portal.session import COOKIE, MAX_AGE_S, SessionCodec


class SessionMiddleware:
    def __init__(self, app: ASGIApp, codec: SessionCodec, *, secure: bool, default_lang: str):
        self.app, self.codec, self.secure, self.default_lang = app, codec, secure, default_lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        session = self.codec.loads(cookies.get(COOKIE))
        scope.setdefault("state", {})
        scope["state"]["session"] = session
        lang = choose_language(cookies.get(LANG_COOKIE), self.default_lang)
        scope["state"]["lang"] = lang

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.dirty:
                headers = MutableHeaders(scope=message)
                headers.append("Set-Cookie", self._cookie(self.codec.dumps(session)))
            await send(message)

        with use_language(lang):
            await self.app(scope, receive, send_with_cookie)

    def _cookie(self, value: str) -> str:
        parts = [f"{COOKIE}={value}", "Path=/", f"Max-Age={MAX_AGE_S}", "HttpOnly", "SameSite=Lax"]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)


def _cookies(scope: Scope) -> dict[str, str]:
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie")
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw.decode("latin-1"))
    except Exception:  # a malformed Cookie header is treated as no cookies
        return {}
    return {k: m.value for k, m in jar.items()}

"""Languages of the portal: Simplified Chinese first, English by a switch kept in a cookie.

Every user-facing string goes through gettext. The catalogues are the ``.po`` files beside
this module (``locales/<lang>/LC_MESSAGES/messages.po``), compiled in memory at import, so a
clean clone needs no build step. Message ids are English; English needs no translations.
``python -m services.portal.i18n.catalogue`` extracts new strings and updates the ``.po``.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANG_COOKIE = "procnet_lang"
LOCALES = Path(__file__).parent / "locales"
# Babel's locale names for formatting dates and numbers.
BABEL_LOCALE = {"zh": "zh_Hans_CN", "en": "en"}

_current: ContextVar[str] = ContextVar("portal_language", default=DEFAULT_LANGUAGE)


def _load(lang: str) -> _gettext.NullTranslations:
    po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=BABEL_LOCALE[lang])
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


TRANSLATIONS: dict[str, _gettext.NullTranslations] = {lang: _load(lang) for lang in LANGUAGES}


def choose_language(cookie: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    return cookie if cookie in LANGUAGES else default


def current_language() -> str:
    return _current.get()


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return TRANSLATIONS[_current.get()].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return TRANSLATIONS[_current.get()].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as said in ``context``: one English word, two Chinese ones (an offer is
    open 待回复, a lot open 加工中)."""
    return TRANSLATIONS[_current.get()].pgettext(context, message)


def NC_(context: str, message: str) -> str:
    """Marks a string said in ``context`` for extraction; translated with ``pgettext``."""
    return message


def N_(message: str) -> str:
    """Marks a string for extraction; translated later, where it is shown."""
    return message


_ = gettext

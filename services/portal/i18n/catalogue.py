"""Keep the gettext catalogues in step with the code.

    python -m services.portal.i18n.catalogue          # add new strings to every .po
    python -m services.portal.i18n.catalogue --check  # exit 1 naming untranslated strings

Strings are found in the portal's Python files (``_``, ``gettext``, ``ngettext``, ``N_``,
``pgettext`` and ``NC_`` with their context)
and templates (``_`` and ``{% trans %}``). ``tests/unit/portal/test_translations.py``
fails when a string has no Chinese translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from services.portal.i18n import BABEL_LOCALE, LANGUAGES, LOCALES

PORTAL = Path(__file__).resolve().parents[1]
METHODS = [
    ("i18n/catalogue.py", "ignore"),
    ("**.py", "python"),
    ("templates/**.html", "jinja2"),
]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "pgettext": ((1, "c"), 2),
    "NC_": ((1, "c"), 2),
}
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def extract() -> Catalog:
    """Every message id the portal's code and templates use."""
    template = Catalog(project="procnet portal", locale=None)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PORTAL), METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=BABEL_LOCALE[lang], project="procnet portal")
    with path.open("rb") as f:
        return read_po(f, locale=BABEL_LOCALE[lang])


def untranslated(lang: str = "zh") -> list[str]:
    """Message ids used in the code with no translation in ``lang``'s catalogue."""
    catalog = read(lang)
    missing = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        text = found.string if found else None
        done = all(text) if isinstance(text, tuple) else bool(text)
        if not done or (found is not None and found.fuzzy):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=False)


def main(argv: list[str]) -> int:
    if "--check" in argv:
        missing = untranslated("zh")
        for msgid in missing:
            print(f"no Chinese translation: {msgid!r}")
        return 1 if missing else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

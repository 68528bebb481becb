"""Every string a page shows has a Chinese translation (the default language)."""

from services.portal.i18n import catalogue


def test_every_message_has_a_chinese_translation() -> None:
    missing = catalogue.untranslated("zh")
    assert not missing, (
        "strings without a Chinese translation (run `python -m services.portal.i18n.catalogue`"
        f" and translate them in the zh messages.po): {missing}"
    )


def test_extraction_finds_template_and_python_strings() -> None:
    ids = {m.id for m in catalogue.extract() if m.id}
    assert "Sign in" in ids  # a template string
    assert "Partially placed" in ids  # an N_() label in Python
    assert "Unknown organisation or wrong secret" in ids  # a gettext() call in a route


def test_the_check_fails_for_a_string_without_translation(tmp_path, monkeypatch) -> None:
    # a catalogue that lost a translation is reported (the test above can fail)
    original = catalogue.read("zh")
    for message in original:
        if message.id == "Sign in":
            message.string = ""
    monkeypatch.setattr(catalogue, "read", lambda lang: original)
    assert "Sign in" in catalogue.untranslated("zh")

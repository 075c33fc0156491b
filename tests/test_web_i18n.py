"""The interface catalogues: every template string is translated in kk, ru and en."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from jinja2.ext import babel_extract

from kasip.http.language import accepted_language
from kasip.i18n import LANGUAGES, catalogue_files, read_catalogues, translations
from kasip.web.render import environment

TEMPLATES = Path(str(files("kasip.web") / "templates"))
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[sd]")
MsgId = str | tuple[str, str]


def template_messages() -> dict[MsgId, str]:
    """Every msgid the templates use, with where it is used first."""
    found: dict[MsgId, str] = {}
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    for path in sorted(TEMPLATES.glob("*.html")):
        with path.open("rb") as stream:
            for line, _, message, _ in babel_extract(
                stream, ["_", "gettext", "ngettext"], [], options
            ):
                # Plural messages come as (singular, plural, ...); others with
                # arguments as (msgid, None, ...).
                if isinstance(message, str):
                    key: MsgId = message
                elif isinstance(message[1], str):
                    key = (message[0], message[1])
                else:
                    key = message[0]
                found.setdefault(key, f"{path.name}:{line}")
    return found


def merged(lang: str) -> Catalog:
    catalogue = Catalog(locale=lang)
    for part in read_catalogues(lang):
        for message in part:
            if message.id:
                catalogue[message.id] = message
    return catalogue


def test_i18n_templates_use_messages() -> None:
    assert len(template_messages()) > 50


@pytest.mark.parametrize("lang", LANGUAGES)
def test_i18n_every_template_message_is_translated(lang: str) -> None:
    catalogue = merged(lang)
    missing = []
    for msgid, where in template_messages().items():
        message = catalogue.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        strings = (
            () if message is None else message.string if message.pluralizable else (message.string,)
        )
        if message is None or not all(strings) or message.fuzzy:
            missing.append(f"{where}: {msgid!r}")
            continue
        if isinstance(msgid, tuple):
            assert len(strings) == catalogue.num_plurals, f"{lang} {where}: plural forms"
    assert missing == [], f"untranslated in {lang}: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_i18n_translations_keep_the_placeholders(lang: str) -> None:
    for message in merged(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER_RE.findall(ids[0]))
        for string in strings:
            assert set(PLACEHOLDER_RE.findall(string)) == wanted, (lang, message.id, string)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_i18n_reads_every_po_file_of_the_language(lang: str) -> None:
    folder = Path(str(files("kasip.i18n"))) / "locale" / lang / "LC_MESSAGES"
    assert sorted(f.name for f in catalogue_files(lang)) == sorted(
        p.name for p in folder.glob("*.po")
    )
    assert "messages.po" in [f.name for f in catalogue_files(lang)]
    everything = {message.id for part in read_catalogues(lang) for message in part if message.id}
    known = translations(lang)
    for msgid in everything:
        singular = msgid[0] if isinstance(msgid, tuple) else msgid
        assert singular in known._catalog or (singular, 0) in known._catalog, msgid


def test_i18n_russian_plurals_have_three_forms() -> None:
    ngettext = translations("ru").ngettext
    forms = [ngettext("%(num)d card", "%(num)d cards", n) % {"num": n} for n in (1, 3, 5, 21, 111)]
    assert forms == ["1 карточка", "3 карточки", "5 карточек", "21 карточка", "111 карточек"]


def test_i18n_templates_render_the_translation() -> None:
    template = environment("ru").from_string(
        "{{ _('Search') }} {{ ngettext('%(num)d card', '%(num)d cards', 2) }}"
    )
    assert template.render() == "Поиск 2 карточки"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "kk"),
        ("ru-RU,ru;q=0.9", "ru"),
        ("de-DE,de;q=0.9,en;q=0.8", "en"),
        ("en;q=0.2,kk;q=0.8", "kk"),
        ("ru;q=0", "kk"),
        ("*", "kk"),
        ("en;q=bad,ru", "ru"),
    ],
)
def test_i18n_accept_language(header: str, expected: str) -> None:
    assert accepted_language(header) == expected

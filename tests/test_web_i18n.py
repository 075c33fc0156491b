"""The interface catalogues: every template string is translated in kk, ru and en.

"Template" covers the site's pages (kasip/web/templates), the printed card
(kasip/pdf/templates/card_print.html) and the gettext calls of the Python
modules that render labels themselves (:data:`GETTEXT_MODULES`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file

from kasip.http.language import accepted_language
from kasip.i18n import LANGUAGES, catalogue_files, read_catalogues, translations
from kasip.web.render import environment

TEMPLATE_FOLDERS = (
    Path(str(files("kasip.web") / "templates")),
    Path(str(files("kasip.pdf") / "templates")),
)
# Modules that translate labels in Python (``translations(lang).gettext`` and
# the like) rather than in a template.
GETTEXT_MODULES = (
    Path(str(files("kasip.pdf") / "card.py")),
    Path(str(files("kasip.pages") / "result_svg.py")),
    Path(str(files("kasip.pdf") / "certificate.py")),
    Path(str(files("kasip.gaps") / "plan.py")),
    Path(str(files("kasip.gaps") / "files.py")),
    Path(str(files("kasip.pages") / "gap_svg.py")),
    Path(str(files("kasip.jobs") / "labels.py")),
    Path(str(files("kasip.curriculum") / "files.py")),
    Path(str(files("kasip.pages") / "alignment_svg.py")),
)
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[sd]")
# A message: its context (``msgctxt``; None for most) and its msgid, a
# (singular, plural) pair for plural messages.
MsgId = tuple[str | None, str | tuple[str, str]]
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def template_messages() -> dict[MsgId, str]:
    """Every message the templates and :data:`GETTEXT_MODULES` use, with where it is used first."""
    templates = [path for folder in TEMPLATE_FOLDERS for path in sorted(folder.glob("*.html"))]
    return extract_messages([*templates, *GETTEXT_MODULES])


def print_messages() -> set[MsgId]:
    """The messages of the printed card: its template and kasip/pdf/card.py."""
    return set(extract_messages([TEMPLATE_FOLDERS[1] / "card_print.html", GETTEXT_MODULES[0]]))


def extract_messages(paths: list[Path]) -> dict[MsgId, str]:
    """The messages of Jinja2 templates (``.html``) and Python modules, with where first used."""
    found: dict[MsgId, str] = {}
    for path in paths:
        method, options = (
            ("python", {}) if path.suffix == ".py" else ("jinja2.ext:babel_extract", JINJA_OPTIONS)
        )
        # Babel's keywords: _, gettext, ngettext (msgid and plural), pgettext
        # (context and msgid), as the templates and kasip.i18n call them.
        for line, message, _, context in extract_from_file(method, path, options=options):
            msgid = message if isinstance(message, str) else (message[0], message[1])
            found.setdefault((context, msgid), f"{path.parent.name}/{path.name}:{line}")
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


def test_i18n_print_labels_are_messages() -> None:
    # The printed card's labels (kasip.pdf) come from the catalogues too: both
    # its template and the order and source lines card.py writes.
    found = print_messages()
    assert len(found) > 15, found
    assert {
        ("print", "Approved by order No %(number)s of %(date)s"),
        ("print", "line %(number)s"),
        ("print", "lines %(start)s–%(end)s"),
        (None, "Occupation code"),
        (None, "Page"),
    } <= found


def _strings(value: object) -> tuple[str, ...]:
    """A message's id or translation as strings: one, or its plural forms."""
    if isinstance(value, str):
        return (value,)
    assert isinstance(value, tuple | list), value
    return tuple("" if part is None else str(part) for part in value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_i18n_every_template_message_is_translated(lang: str) -> None:
    catalogue = merged(lang)
    missing = []
    for (context, msgid), where in template_messages().items():
        message = catalogue.get(msgid[0] if isinstance(msgid, tuple) else msgid, context=context)
        strings = _strings(message.string) if message is not None else ()
        if message is None or not all(strings) or message.fuzzy:
            missing.append(f"{where}: {context!r} {msgid!r}")
            continue
        if isinstance(msgid, tuple):
            assert len(strings) == catalogue.num_plurals, f"{lang} {where}: plural forms"
    assert missing == [], f"untranslated in {lang}: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_i18n_no_message_is_in_two_files(lang: str) -> None:
    # The files of a language are merged, the later one winning: a message in
    # two of them would be translated by whichever sorts last.
    files_of: dict[tuple[str | None, object], list[str]] = defaultdict(list)
    for part in read_catalogues(lang):
        for message in part:
            if message.id:
                files_of[message.context, message.id].append(str(part.domain))
    assert {key: names for key, names in files_of.items() if len(names) > 1} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_i18n_translations_keep_the_placeholders(lang: str) -> None:
    for message in merged(lang):
        if not message.id:
            continue
        ids = _strings(message.id)
        strings = _strings(message.string)
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
    everything = {
        (message.context, message.id)
        for part in read_catalogues(lang)
        for message in part
        if message.id
    }
    known = translations(lang)
    for context, msgid in everything:
        singular = msgid[0] if isinstance(msgid, tuple) else msgid
        # gettext keys a message with a context as "context\x04msgid".
        key = singular if context is None else f"{context}\x04{singular}"
        assert key in known._catalog or (key, 0) in known._catalog, (context, msgid)


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

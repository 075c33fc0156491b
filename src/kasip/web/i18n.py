"""The interface languages (Kazakh, Russian, English) and their gettext catalogues.

Every ``*.po`` file in ``locale/{kk,ru,en}/LC_MESSAGES/`` is read with Babel
and merged into one catalogue per language, so each part of the web
application keeps its own file (``messages.po`` for the pages here,
``views.po`` for the compare views) and nothing needs compiling: the ``.mo``
form is made in memory when a catalogue is first used.

The language of a request is ``?lang=`` if given, else the ``kasip_lang``
cookie, else the browser's ``Accept-Language``, else Kazakh. Only the
interface is translated; a standard's text is always shown as published.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.requests import Request

from kasip.errors import InvalidInput

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
COOKIE_NAME = "kasip_lang"
# Each language's name written in that language, for the language switch.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def catalogue_files(lang: str) -> list[Traversable]:
    """The ``.po`` files of a language, by name.

    Example:
        >>> "messages.po" in [f.name for f in catalogue_files("kk")]
        True
    """
    folder = files("kasip.web") / "locale" / lang / "LC_MESSAGES"
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".po")), key=lambda f: f.name)


def read_catalogues(lang: str) -> Iterator[Catalog]:
    """Read every ``.po`` file of a language with Babel."""
    for po_file in catalogue_files(lang):
        with po_file.open("rb") as stream:
            yield read_po(stream, locale=lang, domain=po_file.name.removesuffix(".po"))


@functools.cache
def translations(lang: str) -> Translations:
    """The merged gettext translations of a language (read once, then kept).

    Example:
        >>> translations("ru").gettext("Search")
        'Поиск'
    """
    merged: Translations | None = None
    for catalogue in read_catalogues(lang):
        buffer = io.BytesIO()
        write_mo(buffer, catalogue)
        buffer.seek(0)
        loaded = Translations(fp=buffer)
        # The first catalogue brings the language's plural rule; merge() copies
        # only the messages of the others.
        merged = loaded if merged is None else merged.merge(loaded)
    if merged is None:
        return Translations()
    return merged


def choose_language(request: Request) -> str:
    """The interface language of a request (see the module docstring).

    Raises:
        InvalidInput: ``?lang=`` names a language the interface does not have.
    """
    asked = request.query_params.get("lang")
    if asked is not None:
        if asked not in LANGUAGES:
            raise InvalidInput(f"lang={asked!r}: the interface languages are kk, ru and en")
        return asked
    remembered = request.cookies.get(COOKIE_NAME)
    if remembered in LANGUAGES:
        return remembered
    return accepted_language(request.headers.get("accept-language", ""))


def accepted_language(header: str) -> str:
    """The first interface language an ``Accept-Language`` header accepts.

    Example:
        >>> accepted_language("en-GB,en;q=0.9,ru;q=0.8"), accepted_language("de")
        ('en', 'kk')
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE

"""The interface languages (Kazakh, Russian, English) and their gettext catalogues.

Every ``*.po`` file in ``kasip/i18n/locale/{kk,ru,en}/LC_MESSAGES/`` is read
with Babel and merged into one catalogue per language, so each part of kasip
keeps its own file (``messages.po`` for the pages, ``views.po`` for the
compare views, ``search.po`` for search and matching, ``pdf.po`` for the
printed card) and nothing needs compiling: the ``.mo`` form is made in
memory when a catalogue is first used. A message may have a context
(``msgctxt``, read with ``pgettext``) where one English msgid needs two
wordings, as the printed card's shorter labels do. Every label kasip
renders, on a page, in an SVG or in a PDF, comes from here. Only the
interface is translated; a standard's text is always shown as published.
Which language a web request gets is decided in :mod:`kasip.http.language`.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable

import jinja2
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
# Each language's name written in that language, for the language switch.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def catalogue_files(lang: str) -> list[Traversable]:
    """The ``.po`` files of a language, by name.

    Example:
        >>> "messages.po" in [f.name for f in catalogue_files("kk")]
        True
    """
    folder = files("kasip.i18n") / "locale" / lang / "LC_MESSAGES"
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


def template_environment(package: str, lang: str) -> jinja2.Environment:
    """A Jinja2 environment for the templates of ``package``, in the language ``lang``.

    Templates write their labels as ``_("...")`` (and ``ngettext``, ``pgettext``),
    read from the catalogues; card text is autoescaped, and a misspelt variable
    fails instead of printing nothing. Callers keep one environment a language.

    Example:
        >>> env = template_environment("kasip.web", "ru")
        >>> env.from_string('{{ _("Search") }}').render()
        'Поиск'
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env

"""Print rendering of a profession card: HTML from a template, PDF by WeasyPrint.

The PDF is built from ``kasip/pdf/templates/card_print.html``, a standalone print
document (A4, running header with the standard and the card code, page
numbers, generation date), never from the site's screen pages. Labels are in
Kazakh, Russian or English (by default the standard's language) and come from
the gettext catalogues of :mod:`kasip.i18n` (``pdf.po``, and ``messages.po``
for the words the print shares with the pages); the card text is printed as
read, with the parser's repairs applied, and every item cites its source line.
The qualification requirements (education, the qualification directory's
categories with their experience) come before the labour functions.

WeasyPrint is imported inside :func:`render_card_pdf` only: it takes about a
third of a second and loads Pango through cffi, which the rest of kasip (and
the HTML pages) must not pay for.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime

import jinja2
from babel.support import Translations

from kasip import __version__
from kasip.i18n import DEFAULT_LANGUAGE, LANGUAGES, template_environment, translations
from kasip.model import Item, Order, SourceSpan, Unit
from kasip.model.elements import display_text
from kasip.pages.models import CardPage

__all__ = ["render_card_html", "render_card_pdf"]

TEMPLATE = "card_print.html"


@dataclass(frozen=True)
class _KnowledgeGroup:
    header: str | None
    items: list[tuple[Item, str | int]]


def render_card_html(
    page: CardPage, *, lang: str | None = None, generated: date | None = None
) -> str:
    """Render the print HTML of a card page (what :func:`render_card_pdf` typesets).

    Args:
        page: The card page from :func:`kasip.pages.build_card`.
        lang: ``"kk"``, ``"ru"`` or ``"en"`` for the labels; default: the
            standard's language, Kazakh when it is none of them.
        generated: The date printed as the generation date; default: today (UTC).

    Returns:
        A complete HTML document; card text is escaped.

    Example:
        >>> from kasip.pages import build_card
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     page = build_card(reg, "2635-3-001@6")
        >>> "<dt>Код профессии:</dt>" in render_card_html(page, lang="ru")
        True
        >>> "<dt>Кәсіп коды:</dt>" in render_card_html(page)  # the standard's language
        True
    """
    standard = page.standard
    if lang not in LANGUAGES:
        lang = standard.language if standard.language in LANGUAGES else DEFAULT_LANGUAGE
    words = translations(lang)
    return (
        _environment(lang)
        .get_template(TEMPLATE)
        .render(
            lang=lang,
            card=page.card,
            standard=standard,
            version=page.version,
            order_line=_order_line(standard.order, words=words),
            source_name=page.source.name,
            source_sha=page.source.sha256,
            official=page.official_source,
            generated=(generated or datetime.now(UTC).date()).isoformat(),
            kasip_version=__version__,
            lines=functools.partial(_lines, words=words),
            display=display_text,
            knowledge_groups=_knowledge_groups,
            years=_years,
        )
    )


def render_card_pdf(
    page: CardPage, *, lang: str | None = None, generated: date | None = None
) -> bytes:
    """Typeset a card page as an A4 PDF with WeasyPrint.

    Needs Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``) and the DejaVu
    fonts (``fonts-dejavu-core``) on the machine; see ``scripts/test.sh``.

    Args:
        page: The card page from :func:`kasip.pages.build_card`.
        lang: Label language, as for :func:`render_card_html`.
        generated: The generation date, as for :func:`render_card_html`.

    Returns:
        The PDF file's bytes (they start with ``%PDF``).

    Raises:
        OSError: WeasyPrint cannot load Pango or its other system libraries.
    """
    # Lazy: see the module docstring.
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    html = render_card_html(page, lang=lang, generated=generated)
    # No URL scheme is allowed: the template is self-contained and card text
    # is escaped, so a URL would be a bug, and nothing in a standard's text
    # may make the server read files or reach the network.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    pdf: bytes = document.write_pdf()
    return pdf


@functools.cache
def _environment(lang: str) -> jinja2.Environment:
    """The print template's environment for a label language, its catalogue installed."""
    return template_environment("kasip.pdf", lang)


def _order_line(order: Order, *, words: Translations) -> str:
    if not order.number:
        return ""
    try:
        # Kazakh and Russian legal texts write dates as DD.MM.YYYY.
        shown = date.fromisoformat(order.date or "").strftime("%d.%m.%Y")
    except ValueError:
        shown = order.date or "—"
    line = str(words.pgettext("print", "Approved by order No %(number)s of %(date)s"))
    return line % {"number": order.number, "date": shown}


def _lines(span: SourceSpan, *, words: Translations) -> str:
    if span.line_start == span.line_end:
        return str(words.pgettext("print", "line %(number)s")) % {"number": span.line_start}
    return str(words.pgettext("print", "lines %(start)s–%(end)s")) % {
        "start": span.line_start,
        "end": span.line_end,
    }


def _years(value: float) -> str:
    """A number of years as the pages write it: ``3``, ``1.5``."""
    return f"{value:g}"


def _knowledge_groups(task: Unit) -> list[_KnowledgeGroup]:
    """Consecutive knowledge items under the same header, numbered through the task."""
    groups: list[_KnowledgeGroup] = []
    for number, item in enumerate(task.knowledge, start=1):
        if not groups or groups[-1].header != item.header:
            groups.append(_KnowledgeGroup(item.header, []))
        groups[-1].items.append((item, item.number or number))
    return groups

"""A programme's alignment with cards as a printable A4 PDF.

What a college's methodologist files with the programme: the cards and their
standards, coverage per card and labour function, the modules × labour
functions heat map (:mod:`kasip.pages.alignment_svg`), each element with the
outcomes covering it and their scores, the uncovered elements and the
outcomes that cover nothing. Labels are in Kazakh, Russian or English from the
catalogues (``curriculum.po``); the card's and the programme's texts as
written, every element with its ID and source line.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime

import jinja2

from kasip import __version__
from kasip.curriculum.files import status_label
from kasip.curriculum.models import AlignmentReport
from kasip.i18n import template_environment, translations
from kasip.pages.alignment_svg import heat_map

__all__ = ["render_alignment_html", "render_alignment_pdf"]


@functools.cache
def _environment(lang: str) -> jinja2.Environment:
    return template_environment("kasip.pdf", lang)


def render_alignment_html(
    report: AlignmentReport, *, lang: str, title: str = "", generated: date | None = None
) -> str:
    """The print HTML that :func:`render_alignment_pdf` typesets."""
    return (
        _environment(lang)
        .get_template("alignment_print.html")
        .render(
            report=report,
            title=title or report.source,
            heat=heat_map(report, translations(lang).gettext),
            status=lambda value: status_label(value, lang),
            lang=lang,
            kasip_version=__version__,
            generated=(generated or datetime.now(UTC).date()).isoformat(),
        )
    )


def render_alignment_pdf(
    report: AlignmentReport, *, lang: str, title: str = "", generated: date | None = None
) -> bytes:
    """The alignment report as an A4 PDF (WeasyPrint; nothing is fetched)."""
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    html = render_alignment_html(report, lang=lang, title=title, generated=generated)
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    pdf: bytes = document.write_pdf()
    return pdf

"""A gap analysis and its development plan as a printable A4 PDF.

The PDF is what a worker and their manager sign off: the card and its
standard, the share mastered per labour function (the chart of the page),
each gap with its rating and evidence, what the next level of the career
ladder adds, and the plan (action, expected evidence, target date), with room
for signatures. Labels are in Kazakh, Russian or English from the catalogues;
the card's texts as published, each with its element ID.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime

import jinja2

from kasip import __version__
from kasip.gaps.files import rating_label
from kasip.i18n import template_environment, translations
from kasip.pages.gap_svg import gap_chart
from kasip.pages.gaps import GapPage

__all__ = ["render_gaps_html", "render_gaps_pdf"]


@functools.cache
def _environment(lang: str) -> jinja2.Environment:
    return template_environment("kasip.pdf", lang)


def render_gaps_html(page: GapPage, *, generated: date | None = None) -> str:
    """The print HTML that :func:`render_gaps_pdf` typesets."""
    lang = page.lang
    return (
        _environment(lang)
        .get_template("gaps_print.html")
        .render(
            page=page,
            analysis=page.analysis,
            plan=page.plan,
            chart=gap_chart(page.analysis, translations(lang).gettext),
            rating=lambda value: rating_label(value, lang),
            lang=lang,
            kasip_version=__version__,
            generated=(generated or datetime.now(UTC).date()).isoformat(),
        )
    )


def render_gaps_pdf(page: GapPage, *, generated: date | None = None) -> bytes:
    """The gap analysis and plan as an A4 PDF (WeasyPrint; nothing is fetched)."""
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    html = render_gaps_html(page, generated=generated)
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    pdf: bytes = document.write_pdf()
    return pdf

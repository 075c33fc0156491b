"""A job description as a printable A4 PDF: HTML from a template, typeset by WeasyPrint.

The same content as the Word document (:func:`kasip.jobs.render_job_docx`),
from ``templates/job_description_print.html``: the approval block, the
general provisions and requirements as tables, duties by labour function,
knowledge and skills, rights and responsibility from the template, and the
note naming the standard, order and card. Labels are the document's
(:func:`kasip.jobs.job_labels`, catalogue ``jobs.po``); the card's texts are
printed as published, each with its element ID. As for the card's PDF
(:mod:`kasip.pdf.card`), WeasyPrint is imported inside
:func:`render_job_pdf` only, and nothing is fetched.
"""

from __future__ import annotations

import functools

import jinja2

from kasip.i18n import template_environment
from kasip.jobs import JobDescription, job_labels, provenance_note

__all__ = ["render_job_html", "render_job_pdf"]

TEMPLATE = "job_description_print.html"


def render_job_html(job: JobDescription) -> str:
    """Render the print HTML of a job description (what :func:`render_job_pdf` typesets).

    Example:
        >>> from kasip.jobs import build_job_description
        >>> from kasip.testing import make_document
        >>> doc = make_document()
        >>> html = render_job_html(build_job_description(doc.standard, doc.cards[0], lang="ru"))
        >>> "ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ" in html, "2635-3-001@6/f1/t1" in html
        (True, True)
    """
    labels = job_labels(job.lang)
    return (
        _environment(job.lang)
        .get_template(TEMPLATE)
        .render(job=job, labels=labels, note=provenance_note(job), years=_years(labels))
    )


def render_job_pdf(job: JobDescription) -> bytes:
    """Typeset a job description as an A4 PDF with WeasyPrint.

    Needs Pango and the DejaVu fonts on the machine, as the card's PDF does.

    Returns:
        The PDF file's bytes.

    Raises:
        OSError: WeasyPrint cannot load Pango or its other system libraries.
    """
    # Lazy: see the module docstring.
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    document = HTML(string=render_job_html(job), url_fetcher=URLFetcher(allowed_protocols=()))
    pdf: bytes = document.write_pdf()
    return pdf


@functools.cache
def _environment(lang: str) -> jinja2.Environment:
    return template_environment("kasip.pdf", lang)


def _years(labels: dict[str, str]) -> functools.partial[str]:
    return functools.partial(_experience, labels=labels)


def _experience(years: float | None, experience_in: str, *, labels: dict[str, str]) -> str:
    if years is None:
        return labels["no_experience"]
    return f"{labels['years'] % {'years': f'{years:g}'}} {experience_in}".strip()

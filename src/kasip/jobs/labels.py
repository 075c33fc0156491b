"""The labels of a printed job description, in its language, from the i18n catalogues.

Every label has the gettext context ``job`` (``i18n/locale/*/LC_MESSAGES/jobs.po``):
a document's headings are worded as an HR office writes them, which is not
always how the site's pages word the same thing.
"""

from __future__ import annotations

import functools
from datetime import date

from kasip.i18n import translations
from kasip.jobs.models import DocumentLanguage, JobDescription

__all__ = ["job_labels", "provenance_note", "show_date"]


@functools.cache
def job_labels(lang: DocumentLanguage) -> dict[str, str]:
    """The document's labels in ``lang``, by key.

    Example:
        >>> job_labels("ru")["title"], job_labels("kk")["approved"]
        ('ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ', 'БЕКІТЕМІН')
    """
    p = translations(lang).pgettext
    return {
        "title": p("job", "JOB DESCRIPTION"),
        "approved": p("job", "APPROVED"),
        "year": p("job", "yr."),
        "general": p("job", "General provisions"),
        "position": p("job", "Position"),
        "code": p("job", "Occupation code"),
        "level": p("job", "Qualification level (sectoral framework)"),
        "organisation": p("job", "Organisation"),
        "department": p("job", "Structural unit"),
        "reports_to": p("job", "Reports directly to"),
        "place": p("job", "Place of work"),
        "purpose": p("job", "Main purpose of the work"),
        "requirements": p("job", "Qualification requirements"),
        "education": p("job", "Education"),
        "directory": p("job", "Requirements of the qualification directory"),
        "competencies": p("job", "Requirements for personal competencies"),
        "category": p("job", "Category"),
        "experience": p("job", "Minimum work experience"),
        "years": p("job", "at least %(years)s yr."),
        "no_experience": p("job", "not required"),
        "duties": p("job", "Job duties"),
        "additional": p("job", "additional labour function"),
        "knowledge": p("job", "Must know"),
        "skills": p("job", "Must be able to"),
        "rights": p("job", "Rights"),
        "rights_intro": p("job", "The worker has the right:"),
        "responsibility": p("job", "Responsibility"),
        "responsibility_intro": p("job", "The worker is responsible:"),
        "conditions": p("job", "Working conditions"),
        "read": p("job", "I have read this job description:"),
        "signature": p("job", "(signature, full name, date)"),
        "ids": p("job", "Element IDs of the card are given in square brackets."),
        "as_published_kk": p("job", "The card's texts are given as published, in Kazakh."),
        "as_published_ru": p("job", "The card's texts are given as published, in Russian."),
        "note": p(
            "job",
            "Built from profession card %(card)s of the professional standard «%(title)s»,"
            " approved by order No %(number)s of %(date)s (kasip %(version)s, %(built)s).",
        ),
        "note_no_order": p(
            "job",
            "Built from profession card %(card)s of the professional standard «%(title)s»"
            " (kasip %(version)s, %(built)s).",
        ),
    }


def show_date(iso: str | None) -> str:
    """An ISO date as Kazakh and Russian legal texts write it (``DD.MM.YYYY``).

    Example:
        >>> show_date("2019-05-30"), show_date("30 мамыр"), show_date(None)
        ('30.05.2019', '30 мамыр', '')
    """
    try:
        return date.fromisoformat(iso or "").strftime("%d.%m.%Y")
    except ValueError:
        return iso or ""


def provenance_note(job: JobDescription) -> list[str]:
    """The closing note's sentences: what the document was built from, and how to read it.

    Example:
        >>> from kasip.jobs import build_job_description
        >>> from kasip.testing import make_document
        >>> doc = make_document()
        >>> job = build_job_description(doc.standard, doc.cards[0], lang="kk",
        ...                             built_on=date(2026, 1, 2))
        >>> "№ 292" in provenance_note(job)[0], "02.01.2026" in provenance_note(job)[0]
        (True, True)
    """
    labels = job_labels(job.lang)
    source = job.provenance
    values = {
        "card": source.card_id,
        "title": source.standard_title,
        "number": source.order_number or "",
        "date": show_date(source.order_date),
        "version": source.kasip_version,
        "built": show_date(source.built_on),
    }
    note = labels["note"] if source.order_number else labels["note_no_order"]
    sentences = [note % values]
    if job.card_text_as_published and source.standard_language in ("kk", "ru"):
        sentences.append(labels[f"as_published_{source.standard_language}"])
    sentences.append(labels["ids"])
    return sentences

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
    words = translations(lang)

    def pgettext(context: str, message: str) -> str:
        return str(words.pgettext(context, message))

    return {
        "title": pgettext("job", "JOB DESCRIPTION"),
        "approved": pgettext("job", "APPROVED"),
        "year": pgettext("job", "yr."),
        "general": pgettext("job", "General provisions"),
        "position": pgettext("job", "Position"),
        "code": pgettext("job", "Occupation code"),
        "level": pgettext("job", "Qualification level (sectoral framework)"),
        "organisation": pgettext("job", "Organisation"),
        "department": pgettext("job", "Structural unit"),
        "reports_to": pgettext("job", "Reports directly to"),
        "place": pgettext("job", "Place of work"),
        "purpose": pgettext("job", "Main purpose of the work"),
        "requirements": pgettext("job", "Qualification requirements"),
        "education": pgettext("job", "Education"),
        "directory": pgettext("job", "Requirements of the qualification directory"),
        "competencies": pgettext("job", "Requirements for personal competencies"),
        "category": pgettext("job", "Category"),
        "experience": pgettext("job", "Minimum work experience"),
        "years": pgettext("job", "at least %(years)s yr."),
        "no_experience": pgettext("job", "not required"),
        "duties": pgettext("job", "Job duties"),
        "additional": pgettext("job", "additional labour function"),
        "knowledge": pgettext("job", "Must know"),
        "skills": pgettext("job", "Must be able to"),
        "rights": pgettext("job", "Rights"),
        "rights_intro": pgettext("job", "The worker has the right:"),
        "responsibility": pgettext("job", "Responsibility"),
        "responsibility_intro": pgettext("job", "The worker is responsible:"),
        "conditions": pgettext("job", "Working conditions"),
        "read": pgettext("job", "I have read this job description:"),
        "signature": pgettext("job", "(signature, full name, date)"),
        "ids": pgettext("job", "Element IDs of the card are given in square brackets."),
        "as_published_kk": pgettext("job", "The card's texts are given as published, in Kazakh."),
        "as_published_ru": pgettext("job", "The card's texts are given as published, in Russian."),
        "note": pgettext(
            "job",
            "Built from profession card %(card)s of the professional standard «%(title)s»,"
            " approved by order No %(number)s of %(date)s (kasip %(version)s, %(built)s).",
        ),
        "note_no_order": pgettext(
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

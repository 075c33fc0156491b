"""Job descriptions (лауазымдық нұсқаулық / должностная инструкция) built from a card.

The Labour Code sets qualification requirements on the basis of professional
standards; an HR department writes a card's duties, requirements and knowledge
into a job description. This package builds that document from the card's
data (issue 14, item 1): :func:`build_job_description` makes the
:class:`JobDescription` (general provisions, qualification requirements,
duties, what the worker must know and be able to do, rights and
responsibility from an editable template, the note naming the standard, order
and card), and :func:`render_job_docx` writes it as an editable Word document.
The PDF is :mod:`kasip.pdf.job_description`'s. See ``docs/job-descriptions.md``.
"""

from kasip.jobs.build import build_job_description, choose_functions
from kasip.jobs.fields import complete_fields, default_fields, read_fields
from kasip.jobs.labels import job_labels, provenance_note
from kasip.jobs.models import (
    Category,
    DocumentLanguage,
    DutyGroup,
    Entry,
    JobDescription,
    JobFields,
    Provenance,
    Requirement,
)
from kasip.jobs.word import DOCX_MEDIA_TYPE, render_job_docx

__all__ = [
    "DOCX_MEDIA_TYPE",
    "Category",
    "DocumentLanguage",
    "DutyGroup",
    "Entry",
    "JobDescription",
    "JobFields",
    "Provenance",
    "Requirement",
    "build_job_description",
    "choose_functions",
    "complete_fields",
    "default_fields",
    "job_labels",
    "provenance_note",
    "read_fields",
    "render_job_docx",
]

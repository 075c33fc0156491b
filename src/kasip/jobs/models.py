"""The job description's types: the editable template fields and the built document.

A :class:`JobDescription` holds data only (no translated labels, no markup):
the DOCX and PDF renderers add the labels of its language from the
catalogues. Every item taken from the card keeps its element ID and source
line, so a reader can trace each duty and knowledge item to the standard.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kasip.model import FrozenModel, FunctionKind, Language

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_LIST_ITEMS",
    "Category",
    "DocumentLanguage",
    "DutyGroup",
    "Entry",
    "JobDescription",
    "JobFields",
    "Provenance",
    "Requirement",
]

# A job description is written in one of the state's two languages.
DocumentLanguage = Literal["kk", "ru"]
# Limits of what a user may type into the template (a form, a JSON or TOML file).
MAX_FIELD_CHARS = 2000
MAX_LIST_ITEMS = 40

_Text = Field(default=None, max_length=MAX_FIELD_CHARS)


class JobFields(FrozenModel):
    """The editable template of a job description; ``None`` takes the template's default.

    The defaults of ``appointment``, ``working_conditions``, ``rights`` and
    ``responsibility`` are the package's data files
    (``kasip/jobs/data/template.{kk,ru}.toml``, see ``docs/job-descriptions.md``);
    the organisation's own names default to empty lines to fill in by hand.
    """

    organisation: str | None = _Text
    department: str | None = _Text
    reports_to: str | None = _Text
    approver_position: str | None = _Text
    approver_name: str | None = _Text
    place: str | None = _Text
    appointment: str | None = _Text
    working_conditions: str | None = _Text
    rights: tuple[str, ...] | None = Field(default=None, max_length=MAX_LIST_ITEMS)
    responsibility: tuple[str, ...] | None = Field(default=None, max_length=MAX_LIST_ITEMS)


class Entry(FrozenModel):
    """A text taken from the card, as published, with its element ID and source line."""

    text: str
    element_id: str
    line: int | None = None


class DutyGroup(FrozenModel):
    """A chosen labour function and the duties made of its tasks."""

    function: Entry
    kind: FunctionKind
    duties: tuple[Entry, ...]


class Category(FrozenModel):
    """A category of the qualification directory: education and minimum experience."""

    element_id: str
    category: str
    education: str
    min_experience_years: float | None
    experience_in: str
    line: int | None = None


class Requirement(FrozenModel):
    """Another qualification requirement row of the card (kept as published)."""

    key: Literal["education", "directory", "competencies"]
    entry: Entry


class Provenance(FrozenModel):
    """What the job description was built from, and when."""

    standard_title: str
    standard_language: Language
    standard_key: str | None = None
    version: int | None = None
    order_number: str | None = None
    order_date: str | None = None
    card_id: str
    kasip_version: str
    built_on: str  # ISO 8601 date


class JobDescription(FrozenModel):
    """A job description built from a profession card (see :func:`build_job_description`).

    ``lang`` is the language of its labels and template texts; the card's
    texts stay in ``provenance.standard_language`` as published, and
    ``card_text_as_published`` is true when that is another language.
    """

    lang: DocumentLanguage
    card_text_as_published: bool
    position: Entry
    occupation_code: Entry
    level: Entry | None
    purpose: Entry | None
    fields: JobFields
    requirements: tuple[Requirement, ...]
    categories: tuple[Category, ...]
    duties: tuple[DutyGroup, ...]
    skills: tuple[Entry, ...]
    knowledge: tuple[Entry, ...]
    provenance: Provenance

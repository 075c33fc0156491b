"""What the job-description routes share: the view, its parameters, the request and the file.

The view serves the form's page, its ``.json`` twin and ``GET
/api/v1/cards/{card_id}/job-description``; :func:`job_file` answers the DOCX
or PDF that the form (:mod:`kasip.web.jobs`) and ``POST`` (:mod:`kasip.rest.jobs`)
download. The document's language is ``language`` (``kk`` or ``ru``), apart
from ``?lang=``, which is the interface's.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kasip.http.deps import CardId, RegistryDep, StandardQuery
from kasip.http.errors import ApiError
from kasip.jobs import DOCX_MEDIA_TYPE, JobDescription, JobFields, render_job_docx
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.jobs import JobDescriptionPage, build_job_description_page

__all__ = [
    "MAX_CHOICES",
    "JobDescriptionRequest",
    "job_description",
    "job_file",
]

# A card has a few dozen functions and tasks at most; the lists are bounded
# so that a request cannot make the builder compare thousands of IDs.
MAX_CHOICES = 300
_UNSAFE_FILE_NAME_RE = re.compile(r"[^A-Za-z0-9@~._-]")
FileFormat = Literal["docx", "pdf"]
MEDIA_TYPES = {"docx": DOCX_MEDIA_TYPE, "pdf": "application/pdf"}

DocumentLanguageQuery = Annotated[
    Literal["kk", "ru"] | None,
    Query(
        description="The document's language, kk or ru (default: the standard's). When the "
        "registry holds the other language's text of the same order, its card is used; "
        "otherwise the card's texts stay as published."
    ),
]
FunctionsQuery = Annotated[
    list[str] | None,
    Query(
        alias="function",
        max_length=MAX_CHOICES,
        description="Only these labour functions (IDs; repeat the parameter); all when none.",
    ),
]


def job_description(
    registry: RegistryDep,
    card_id: CardId,
    standard: StandardQuery = None,
    language: DocumentLanguageQuery = None,
    function: FunctionsQuery = None,
) -> JobDescriptionPage:
    """A card's job description, with the labour functions and template fields its form offers.

    `description` holds general provisions, qualification requirements,
    duties (the tasks of the chosen labour functions), knowledge and skills,
    each with its `element_id` and source `line`, the template `fields`
    (rights, responsibility, ...) and the `provenance` (standard, order, card).
    """
    return build_job_description_page(
        registry, card_id, standard=standard, lang=language, functions=function
    )


class JobDescriptionRequest(BaseModel):
    """The choices of a job description to download: language, format, functions, tasks, fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    standard: str | None = Field(
        None, max_length=MAX_ID_LENGTH, description="The standard holding the card."
    )
    language: Literal["kk", "ru"] | None = Field(
        None, description="The document's language (default: the standard's)."
    )
    format: FileFormat = Field("docx", description="A Word document (docx) or a PDF.")
    functions: tuple[str, ...] | None = Field(
        None, max_length=MAX_CHOICES, description="Labour function IDs to keep; all when null."
    )
    tasks: tuple[str, ...] | None = Field(
        None,
        max_length=MAX_CHOICES,
        description="Task IDs to keep within those functions; all when null.",
    )
    fields: JobFields | None = Field(
        None, description="Template fields; a field left out takes the template's text."
    )


def file_name(job: JobDescription, format_: FileFormat) -> str:
    """The download's name: ``job-description-{card}-{lang}.{format}``, Latin-1 safe."""
    card = _UNSAFE_FILE_NAME_RE.sub("_", job.provenance.card_id)
    return f"job-description-{card}-{job.lang}.{format_}"


def job_file(job: JobDescription, format_: FileFormat) -> Response:
    """The job description as a file to download (not cached: it carries the day it was made).

    Raises:
        ApiError: 503 when PDF rendering (WeasyPrint, Pango) is not available here.
    """
    if format_ == "pdf":
        try:
            from kasip.pdf.job_description import render_job_pdf

            body = render_job_pdf(job)
        # OSError: WeasyPrint is installed, but Pango or another library is not.
        except (ImportError, OSError) as exc:
            raise ApiError(
                503, f"PDF rendering is not available here: {exc}", code="pdf-unavailable"
            ) from exc
    else:
        body = render_job_docx(job)
    headers = {
        "Content-Disposition": f'attachment; filename="{file_name(job, format_)}"',
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=MEDIA_TYPES[format_], headers=headers)

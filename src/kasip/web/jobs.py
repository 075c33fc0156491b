"""The job-description form's download: ``POST /cards/{card_id}/job-description``.

The page itself (the form: labour functions and tasks ticked, the template
fields prefilled, kk/ru) is the ``job_description`` resource of
:mod:`kasip.http.resources`. Its two buttons post the form here, and the
answer is the DOCX or PDF file. It works without JavaScript and without an
account: the card data is public, and nothing is stored. The form is small,
so its body is limited to :data:`MAX_FORM_BYTES` and its fields counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request, Response

from kasip.errors import InvalidInput
from kasip.http.deps import CardId, RegistryDep
from kasip.http.errors import ApiError
from kasip.http.jobs import MAX_CHOICES, FileFormat, job_file
from kasip.jobs import DocumentLanguage, JobFields
from kasip.jobs.fields import fields_from
from kasip.pages.jobs import build_job_description_page

__all__ = ["MAX_FORM_BYTES", "router"]

router = APIRouter(include_in_schema=False)

# Ten short fields and a few hundred IDs fit in far less.
MAX_FORM_BYTES = 64 * 1024
_TEXT_FIELDS = ("organisation", "department", "reports_to", "approver_position",
                "approver_name", "place", "appointment", "working_conditions")  # fmt: skip
_LIST_FIELDS = ("rights", "responsibility")


@dataclass(frozen=True)
class JobForm:
    """What the form posted: the choices and the template fields."""

    standard: str | None
    language: DocumentLanguage | None
    format: FileFormat
    functions: tuple[str, ...]
    tasks: tuple[str, ...]
    fields: JobFields


def _one(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    return found[0] if found else None


def _choice(values: dict[str, list[str]], name: str, allowed: tuple[str, ...]) -> str | None:
    value = _one(values, name) or None
    if value is not None and value not in allowed:
        raise InvalidInput(
            f"form field {name!r}: {value[:20]!r} is not one of {', '.join(allowed)}"
        )
    return value


def parse_job_form(body: bytes) -> JobForm:
    """Read the posted form (``application/x-www-form-urlencoded``).

    Raises:
        InvalidInput: The body is too large, not UTF-8, has too many fields,
            or a field's value is not allowed; the message names the field.
    """
    if len(body) > MAX_FORM_BYTES:
        raise InvalidInput(f"the form is larger than {MAX_FORM_BYTES} bytes")
    try:
        values = parse_qs(body.decode("utf-8"), keep_blank_values=True,
                          max_num_fields=2 * MAX_CHOICES + 20)  # fmt: skip
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"the form cannot be read: {exc}") from exc
    fields: dict[str, object] = {n: _one(values, n) for n in _TEXT_FIELDS if n in values}
    for name in _LIST_FIELDS:
        if name in values:
            lines = (_one(values, name) or "").splitlines()
            fields[name] = tuple(line.strip() for line in lines if line.strip())
    language = _choice(values, "language", ("kk", "ru"))
    functions = tuple(values.get("function", ()))
    # Without JavaScript, unticking a function leaves its tasks ticked: the
    # form's tasks count only under the functions chosen.
    tasks = tuple(t for t in values.get("task", ()) if t.rpartition("/")[0] in functions)
    return JobForm(
        standard=_one(values, "standard") or None,
        language="ru" if language == "ru" else "kk" if language == "kk" else None,
        format="pdf" if _choice(values, "format", ("docx", "pdf")) == "pdf" else "docx",
        functions=functions,
        tasks=tasks,
        fields=fields_from(fields, source="form"),
    )


async def read_job_form(request: Request) -> JobForm:
    """The posted form, read within :data:`MAX_FORM_BYTES` (see :func:`parse_job_form`)."""
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > MAX_FORM_BYTES:
        raise ApiError(413, f"the form is larger than {MAX_FORM_BYTES} bytes",
                       code="body-too-large")  # fmt: skip
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            break
    return parse_job_form(body)


@router.post("/cards/{card_id}/job-description")
def download_job_description(
    registry: RegistryDep, card_id: CardId, form: Annotated[JobForm, Depends(read_job_form)]
) -> Response:
    """The job description the form describes, as a DOCX or PDF file."""
    page = build_job_description_page(
        registry,
        card_id,
        standard=form.standard,
        lang=form.language,
        functions=form.functions,
        tasks=form.tasks,
        fields=form.fields,
    )
    return job_file(page.description, form.format)

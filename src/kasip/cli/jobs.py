"""``kasip job-description``: a card's job description as a Word document or a PDF (issue 14).

Options in, one call to :func:`kasip.pages.jobs.build_job_description_page`,
the file out. Template fields (organisation, who approves, rights, ...) come
from ``--fields``, a JSON or TOML file; see ``docs/job-descriptions.md``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kasip.cli.base import StandardOption, stderr
from kasip.cli.options import DbOption, database_url, open_seeded


class DocumentLanguageChoice(StrEnum):
    kk = "kk"
    ru = "ru"


class FormatChoice(StrEnum):
    docx = "docx"
    pdf = "pdf"


# One parameter per command-line option: Typer builds the options from the signature.
def job_description(  # noqa: PLR0913
    ctx: typer.Context,
    card_id: Annotated[str, typer.Argument(metavar="CARD_ID", help="e.g. 2635-3-001@5")],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Where to write the document.", dir_okay=False
        ),
    ],
    lang: Annotated[
        DocumentLanguageChoice | None,
        typer.Option("--lang", help="The document's language; default: the standard's."),
    ] = None,
    format_: Annotated[
        FormatChoice, typer.Option("--format", "-f", help="Word document (docx) or PDF.")
    ] = FormatChoice.docx,
    function: Annotated[
        list[str] | None,
        typer.Option(
            "--function",
            metavar="ID",
            help="Only this labour function (repeat it); all the card's when none.",
        ),
    ] = None,
    fields: Annotated[
        Path | None,
        typer.Option(
            "--fields",
            metavar="FILE",
            help="Template fields as JSON (.json) or TOML: organisation, department, "
            "reports_to, approver_position, approver_name, place, appointment, "
            "working_conditions, rights, responsibility.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
    standard: StandardOption = None,
    db: DbOption = None,
) -> None:
    """Write the job description of a card as a Word document (docx) or a PDF.

    General provisions, qualification requirements, duties (the tasks of the
    labour functions), what the worker must know and be able to do, rights and
    responsibility (an editable template), and a note naming the standard,
    order and card. Card texts keep their element IDs.
    """
    from kasip.jobs import read_fields
    from kasip.jobs.fields import MAX_FIELDS_FILE_BYTES
    from kasip.pages.jobs import build_job_description_page

    template = None
    if fields is not None:
        with fields.open("rb") as stream:
            template = read_fields(stream.read(MAX_FIELDS_FILE_BYTES + 1), str(fields))
    with open_seeded(database_url(ctx, db)) as registry:
        page = build_job_description_page(
            registry,
            card_id,
            standard=standard,
            lang=lang.value if lang is not None else None,
            functions=function or None,
            fields=template,
        )
    data = _render(page.description, format_)
    output.write_bytes(data)
    stderr().print(f"Wrote {escape(str(output))} ({len(data)} bytes, {page.lang})")


def _render(job: object, format_: FormatChoice) -> bytes:
    from kasip.jobs import JobDescription, render_job_docx

    assert isinstance(job, JobDescription)
    if format_ is FormatChoice.pdf:
        from kasip.pdf.job_description import render_job_pdf

        return render_job_pdf(job)
    return render_job_docx(job)

"""The curriculum alignment pages: upload a programme, choose cards, read the coverage.

``/alignments`` shows the form (the programme file, the cards by ID or from
the list); posting it shows kasip's proposed links per outcome with their
scores, the coverage per card and labour function, the uncovered elements,
the outcomes that cover nothing and the heat map, and downloads the report as
XLSX or PDF. Nothing is stored by these routes: the result page carries the
programme it read, so the downloads need no upload again. A methodologist
signed in saves the alignment from the result (:mod:`kasip.web.stored_alignments`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from kasip.curriculum import read_programme
from kasip.curriculum.files import alignment_xlsx
from kasip.curriculum.models import EducationalProgramme
from kasip.errors import ImportRejected, InvalidInput, NotFound
from kasip.http.deps import RegistryDep
from kasip.http.errors import ApiError
from kasip.http.language import choose_language
from kasip.http.printing import printed
from kasip.i18n import translations
from kasip.pages.alignment_svg import heat_map
from kasip.pages.alignments import (
    MAX_CARDS,
    AlignmentResult,
    card_options,
    outcome_links,
    parse_card_choices,
    propose_alignment,
)
from kasip.pages.roles import CENTRE
from kasip.pdf.alignment import render_alignment_pdf
from kasip.registry import Registry
from kasip.web.account import signed_in
from kasip.web.render import render_page

__all__ = ["XLSX_TYPE", "download", "report_context", "router"]

router = APIRouter(include_in_schema=False)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PROGRAMME_JSON = 900_000  # the carried programme; the body limit (1 MiB) bounds it anyway
MAX_FORM_FIELDS = MAX_CARDS + 20


def report_context(result: AlignmentResult, lang: str) -> dict[str, Any]:
    """What the report's part of a page needs: the result, the heat map, links by outcome."""
    return {
        "result": result,
        "report": result.report,
        "heat": heat_map(result.report, translations(lang).gettext),
        "outcomes": outcome_links(result.programme, result.report),
    }


def _form_page(
    request: Request,
    registry: Registry,
    *,
    error: str | None = None,
    problems: tuple[str, ...] = (),
    cards: str = "",
) -> Response:
    context = {
        "options": card_options(registry),
        "error": error,
        "problems": problems,
        "cards": cards,
        "max_cards": MAX_CARDS,
    }
    return render_page(request, "alignments.html", context, status_code=400 if error else 200)


@router.get("/alignments")
def alignments_form(request: Request, registry: RegistryDep) -> Response:
    """The form: a programme file (CSV, XLSX, DOCX) and the cards it prepares for."""
    return _form_page(request, registry)


def _choices(form: FormData) -> list[str]:
    return [str(v) for v in form.getlist("card")] + [str(form.get("cards", ""))]


def _propose(
    request: Request, registry: Registry, data: bytes, name: str, form: FormData
) -> Response:
    typed = str(form.get("cards", ""))
    try:
        programme = read_programme(data, name=name)
        result = propose_alignment(registry, programme, parse_card_choices(_choices(form)))
    except ImportRejected as exc:
        return _form_page(request, registry, error=str(exc), problems=exc.problems, cards=typed)
    except (InvalidInput, NotFound) as exc:
        return _form_page(request, registry, error=str(exc), cards=typed)
    lang = choose_language(request)
    session = signed_in(request, registry)
    context = report_context(result, lang) | {
        "can_save": session is not None and session.user.role in CENTRE,
        "csrf": session.csrf_token if session is not None else "",
        "signed_in": session is not None,
    }
    response = render_page(request, "alignment.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/alignments")
async def alignments_result(request: Request, registry: RegistryDep) -> Response:
    """kasip's proposed links of the uploaded programme to the chosen cards, and the report."""
    try:
        form = await request.form(max_files=1, max_fields=MAX_FORM_FIELDS)
    except Exception as exc:  # Starlette raises several kinds on a broken multipart body
        raise ApiError(400, "the form cannot be read", code="invalid-form") from exc
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return _form_page(
                request,
                registry,
                error="file: choose the programme file",
                cards=str(form.get("cards", "")),
            )
        data = await upload.read()
        name = upload.filename
        return await run_in_threadpool(_propose, request, registry, data, name, form)
    finally:
        await form.close()


def carried_programme(text: str) -> EducationalProgramme:
    """The programme a result page carries (its JSON, as the page wrote it).

    Raises:
        ApiError: 400 when it is not a programme.
    """
    try:
        return EducationalProgramme.model_validate_json(text)
    except ValidationError as exc:
        raise ApiError(
            400, "programme: not a programme the page wrote", code="invalid-form"
        ) from exc


def download(
    result: AlignmentResult, file_format: str, lang: str, *, stem: str, title: str = ""
) -> Response:
    """The report of ``result`` as an XLSX workbook or an A4 PDF, for download."""
    headers = {
        "Content-Disposition": f'attachment; filename="{stem}.{file_format}"',
        "Cache-Control": "no-store",
    }
    if file_format == "xlsx":
        body = alignment_xlsx(result.report, lang=lang)
        return Response(body, media_type=XLSX_TYPE, headers=headers)
    title = title or result.programme.source
    pdf = printed(render_alignment_pdf, result.report, lang=lang, title=title)
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.post("/alignments/report.{file_format}")
def alignment_file(
    request: Request,
    registry: RegistryDep,
    file_format: str,
    programme: Annotated[str, Form(max_length=MAX_PROGRAMME_JSON)],
    cards: Annotated[str, Form(max_length=10_000)],
) -> Response:
    """The proposed alignment the result page shows, as XLSX or PDF."""
    if file_format not in ("pdf", "xlsx"):
        raise ApiError(404, f"no such file format: {file_format[:10]!r}", code="not-found")
    result = propose_alignment(registry, carried_programme(programme), parse_card_choices([cards]))
    return download(result, file_format, choose_language(request), stem="alignment")

"""The question bank pages: a programme's coverage, its card's questions, the editor.

The centre's staff read a programme's bank (``/programmes/{id}/questions``):
which of its knowledge and skill elements no question checks yet, and the
card's questions in Kazakh and Russian. A methodologist writes and edits
questions in the form of ``/questions/new`` and ``/questions/{id}``, starting
from an element the coverage shows missing, and exchanges the whole bank as a
spreadsheet (the template of docs/assessment.md). The same builders serve the
REST API (:mod:`kasip.pages.questions`). Candidates never see the bank.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from kasip import accounts, assessment
from kasip.assessment import Option, Question, QuestionBody, RubricCriterion
from kasip.assessment.questions import MAX_OPTIONS, QuestionKind
from kasip.errors import ImportRejected, InvalidInput, KasipError, NotFound
from kasip.http.auth import SHEET_MEDIA, private_file
from kasip.http.deps import RegistryDep
from kasip.http.uploads import read_form_upload
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.questions import (
    add_question,
    build_coverage,
    build_question,
    build_questions,
    change_question,
    export_questions,
    import_questions,
)
from kasip.registry import Registry
from kasip.web.account import (
    NO_STORE,
    check_origin,
    check_token,
    private_page,
    sign_in_first,
    signed_in,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
KINDS: tuple[QuestionKind, ...] = ("single", "multiple", "short", "practical")
ROWS = 6  # option and criterion rows the form offers; empty ones are left out


def _bank_page(
    request: Request,
    registry: Registry,
    session: accounts.WebSession,
    programme_id: int,
    refused: KasipError | None = None,
) -> Response:
    coverage = build_coverage(registry, session.user, programme_id)
    card_id = coverage.programme.card_id
    context = {
        "coverage": coverage,
        "questions": build_questions(registry, session.user, card_id, per_page=10_000).data,
        "user": session.user,
        "csrf": session.csrf_token,
        "error": None if refused is None else str(refused),
        "problems": refused.problems if isinstance(refused, ImportRejected) else (),
    }
    return private_page(request, "bank.html", context, status=200 if refused is None else 400)


@router.get("/programmes/{programme_id}/questions")
def bank_page(request: Request, registry: RegistryDep, programme_id: IdPath) -> Response:
    """The programme's coverage and its card's questions (the centre's staff)."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/programmes/{programme_id}/questions")
    return _bank_page(request, registry, session, programme_id)


@router.get("/programmes/{programme_id}/questions.{file_format}")
def bank_file(
    request: Request, registry: RegistryDep, programme_id: IdPath, file_format: str
) -> Response:
    """The card's questions as a spreadsheet (CSV or XLSX) that the import reads back."""
    if file_format not in SHEET_MEDIA:
        raise NotFound(f"no questions.{file_format}: csv or xlsx")
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/programmes/{programme_id}/questions")
    card_id = assessment.get_programme(registry.engine, programme_id).programme.card_id
    data = export_questions(
        registry, session.user, card_id, "csv" if file_format == "csv" else "xlsx"
    )
    name = f"questions-{card_id.replace('@', '-')}.{file_format}"
    return private_file(data, file_format, name)


def _import(
    request: Request, registry: Registry, programme_id: int, upload: Any, csrf: str
) -> Response:
    check_origin(request)
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/programmes/{programme_id}/questions")
    check_token(csrf, session.csrf_token)
    card_id = assessment.get_programme(registry.engine, programme_id).programme.card_id
    data, name = upload
    try:
        import_questions(registry, session.user, card_id, data, name=name)
    except (ImportRejected, InvalidInput) as exc:
        return _bank_page(request, registry, session, programme_id, exc)
    return RedirectResponse(f"/programmes/{programme_id}/questions", status_code=303,
                            headers=NO_STORE)  # fmt: skip


@router.post("/programmes/{programme_id}/questions/import")
async def bank_import(request: Request, registry: RegistryDep, programme_id: IdPath) -> Response:
    """Add and change questions from a spreadsheet, all or none (methodologists)."""
    upload = await read_form_upload(request)
    csrf = str((await request.form()).get("csrf", ""))
    return await run_in_threadpool(_import, request, registry, programme_id, upload, csrf)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _rows(form: FormData, prefix: str) -> list[dict[str, str]]:
    """The form's rows ``{prefix}-{n}-kk``, ``-ru``, ...; rows with no text are left out."""
    rows = []
    for n in range(MAX_OPTIONS):
        kk = str(form.get(f"{prefix}-{n}-kk", "")).strip()
        ru = str(form.get(f"{prefix}-{n}-ru", "")).strip()
        if kk or ru:
            rows.append({"kk": kk, "ru": ru, "n": str(n)})
    return rows


def _body(form: FormData, card_id: str) -> QuestionBody:
    """The question of the editor's form.

    Raises:
        InvalidInput: It breaks a rule of questions (each message names the field).
    """
    kind = str(form.get("kind", ""))
    choice = kind in ("single", "multiple")
    try:
        options = tuple(
            Option(kk=r["kk"], ru=r["ru"], correct=form.get(f"option-{r['n']}-correct") == "on")
            for r in _rows(form, "option")
        )
        rubric = tuple(
            RubricCriterion(kk=r["kk"], ru=r["ru"],
                            max_points=int(str(form.get(f"criterion-{r['n']}-points", "2")) or 2))
            for r in _rows(form, "criterion")
        )  # fmt: skip
        return QuestionBody(
            kind=kind,  # pydantic checks it is one of KINDS
            card_id=card_id,
            elements=_lines(str(form.get("elements", ""))),
            points=int(str(form.get("points", "1")) or 1),
            stem_kk=str(form.get("stem_kk", "")).strip(),
            stem_ru=str(form.get("stem_ru", "")).strip(),
            options=options if choice else (),
            answers=_lines(str(form.get("answers", ""))) if kind == "short" else (),
            rubric=rubric if kind == "practical" else (),
        )
    except ValueError as exc:  # ValidationError is one
        raise InvalidInput(_messages(exc)) from exc


def _messages(exc: ValueError) -> str:
    if not isinstance(exc, ValidationError):
        return str(exc)
    parts = []
    for error in exc.errors():
        place = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{place}: {message}" if place else message)
    return "; ".join(parts)


def _form_values(question: Question | None, element: str, kind: str) -> dict[str, Any]:
    """The editor's fields: those of ``question``, or a new one on ``element``."""
    if question is None:
        empty = {"stem_kk": "", "stem_ru": "", "answers": "", "options": [], "rubric": []}
        return {
            "kind": kind if kind in KINDS else "single",
            "elements": element,
            "points": 1,
        } | empty
    body = question.body
    return {
        "kind": body.kind,
        "elements": "\n".join(body.elements),
        "points": body.points,
        "stem_kk": body.stem_kk,
        "stem_ru": body.stem_ru,
        "answers": "\n".join(body.answers),
        "options": [o.model_dump() for o in body.options],
        "rubric": [c.model_dump() for c in body.rubric],
    }


def _editor(  # noqa: PLR0913
    request: Request,
    session: accounts.WebSession,
    programme_id: int,
    values: dict[str, Any],
    question_id: int | None,
    error: str | None = None,
) -> Response:
    context = {
        "values": values,
        "kinds": KINDS,
        "rows": ROWS,
        "programme_id": programme_id,
        "question_id": question_id,
        "user": session.user,
        "csrf": session.csrf_token,
        "error": error,
    }
    return private_page(request, "question_form.html", context, status=400 if error else 200)


ProgrammeQuery = Annotated[int, Query(ge=1, le=2**31 - 1)]


@router.get("/questions/new")
def new_question(
    request: Request,
    registry: RegistryDep,
    programme: ProgrammeQuery,
    element: Annotated[str, Query(max_length=MAX_ID_LENGTH)] = "",
    kind: Annotated[str, Query(max_length=20)] = "single",
) -> Response:
    """The editor for a new question of the programme's card (methodologists)."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/questions/new?programme={programme}")
    accounts.require_role(session.user, "methodologist")
    assessment.get_programme(registry.engine, programme)
    return _editor(request, session, programme, _form_values(None, element, kind), None)


@router.get("/questions/{question_id}")
def edit_question(
    request: Request, registry: RegistryDep, question_id: IdPath, programme: ProgrammeQuery
) -> Response:
    """The editor of a question (methodologists)."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/questions/{question_id}?programme={programme}")
    accounts.require_role(session.user, "methodologist")
    question = build_question(registry, session.user, question_id)
    return _editor(request, session, programme, _form_values(question, "", ""), question_id)


def _save(
    request: Request, registry: Registry, question_id: int | None, form: FormData
) -> Response:
    check_origin(request)
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/programmes")
    check_token(str(form.get("csrf", "")), session.csrf_token)
    accounts.require_role(session.user, "methodologist")
    programme_id = _programme_field(form)
    card_id = assessment.get_programme(registry.engine, programme_id).programme.card_id
    try:
        body = _body(form, card_id)
        if question_id is None:
            saved = add_question(registry, session.user, body)
        else:
            saved = change_question(registry, session.user, question_id, body)
    except InvalidInput as exc:
        values = _submitted(form)
        return _editor(request, session, programme_id, values, question_id, error=str(exc))
    return RedirectResponse(f"/programmes/{programme_id}/questions#question-{saved.id}",
                            status_code=303, headers=NO_STORE)  # fmt: skip


def _programme_field(form: FormData) -> int:
    """The form's programme number.

    Raises:
        InvalidInput: It is not one.
    """
    value = str(form.get("programme", "")).strip()
    if not value.isdigit() or not 1 <= int(value) <= 2**31 - 1:
        raise InvalidInput("the form names no programme")
    return int(value)


def _submitted(form: FormData) -> dict[str, Any]:
    """The editor's fields as sent, to show them again with the error."""
    options = [
        r | {"correct": form.get(f"option-{r['n']}-correct") == "on"} for r in _rows(form, "option")
    ]
    rubric = [
        r | {"max_points": str(form.get(f"criterion-{r['n']}-points", "2"))}
        for r in _rows(form, "criterion")
    ]
    fields = ("kind", "elements", "points", "stem_kk", "stem_ru", "answers")
    return {name: str(form.get(name, "")) for name in fields} | {
        "options": options,
        "rubric": rubric,
    }


async def _editor_form(request: Request) -> FormData:
    return await request.form(max_files=0, max_fields=200)


@router.post("/questions")
async def create_question_form(request: Request, registry: RegistryDep) -> Response:
    """Keep a new question (methodologists); then the programme's bank."""
    form = await _editor_form(request)
    return await run_in_threadpool(_save, request, registry, None, form)


@router.post("/questions/{question_id}")
async def change_question_form(
    request: Request, registry: RegistryDep, question_id: IdPath
) -> Response:
    """Keep a question's changes (methodologists); then the programme's bank."""
    form = await _editor_form(request)
    return await run_in_threadpool(_save, request, registry, question_id, form)

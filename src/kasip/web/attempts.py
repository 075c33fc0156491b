"""The attempt pages: sitting the theory test in the browser, scoring, verdicts and appeals.

A candidate starts an attempt from their applications page and sits the test
on ``/attempts/{id}``: every answer is sent as it is given (``kasip.js``; the
page's own buttons save the whole form without scripts), the clock on the
page counts down the seconds the server gave, and a reload or another device
finds the test where it was. The centre assigns the assessor and decides
appeals; the assessor scores the practical part against the rubric; the
candidate sees the verdict with a chart of their scores per labour function
and may appeal. The same builders serve the REST API (:mod:`kasip.pages.attempts`).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from kasip import accounts
from kasip.assessment import GivenAnswer, RubricScore, TestSheet
from kasip.assessment.sheets import MAX_NOTE
from kasip.errors import Conflict, InvalidInput, KasipError
from kasip.http.deps import RegistryDep, get_issuing
from kasip.http.errors import ApiError
from kasip.http.language import choose_language
from kasip.i18n import translations
from kasip.pages import attempts as sittings
from kasip.pages.result_svg import result_chart
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

AttemptId = Annotated[int, Path(ge=1, le=2**31 - 1)]
CsrfField = Annotated[str, Form(max_length=100)]
NoteField = Annotated[str, Form(max_length=MAX_NOTE)]


def _chart(request: Request, page: sittings.AttemptPage) -> str:
    return result_chart(page, translations(choose_language(request)).gettext)


def _attempt_page(
    request: Request,
    registry: Registry,
    session: accounts.WebSession,
    attempt_id: int,
    refused: KasipError | None = None,
) -> Response:
    """The attempt's page; with the refusal of a form, shown on it (409 or 400)."""
    page = sittings.build_attempt_page(
        registry, session.user, attempt_id, issuing=get_issuing(request)
    )
    context = {
        "page": page,
        "user": session.user,
        "csrf": session.csrf_token,
        "error": None if refused is None else str(refused),
        "chart": _chart(request, page) if page.functions else "",
    }
    status = 200 if refused is None else 409 if isinstance(refused, Conflict) else 400
    return private_page(request, "attempt.html", context, status)


def _back(attempt_id: int, anchor: str = "") -> Response:
    return RedirectResponse(f"/attempts/{attempt_id}{anchor}", status_code=303, headers=NO_STORE)


def _session(request: Request, registry: Registry, csrf: str) -> accounts.WebSession | None:
    check_origin(request)
    session = signed_in(request, registry)
    if session is not None:
        check_token(csrf, session.csrf_token)
    return session


@router.get("/attempts")
def attempts_page(request: Request, registry: RegistryDep) -> Response:
    """One's attempts (a candidate), those assigned (an assessor), or all (the centre)."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/attempts")
    found = sittings.build_attempts(registry, session.user, per_page=200)
    context = {"found": found, "user": session.user}
    return private_page(request, "attempts.html", context)


@router.post("/applications/{application_id}/attempts")
def start_form(
    request: Request, registry: RegistryDep, application_id: AttemptId, csrf: CsrfField
) -> Response:
    """Start the next attempt of one's application; then its test."""
    session = _session(request, registry, csrf)
    if session is None:
        return sign_in_first("/applications")
    try:
        made = sittings.start(registry, session.user, application_id)
    except Conflict as exc:
        raise ApiError(409, str(exc), code="conflict") from exc
    return _back(made.id)


@router.get("/attempts/{attempt_id}")
def attempt_page(request: Request, registry: RegistryDep, attempt_id: AttemptId) -> Response:
    """An attempt: the test while it is open (its candidate), else its scores and verdict."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/attempts/{attempt_id}")
    return _attempt_page(request, registry, session, attempt_id)


def _given(form: FormData, question: Any) -> GivenAnswer:
    """The answer to ``question`` (a sheet question) in the form's fields ``q-{id}``."""
    values = [str(v) for v in form.getlist(f"q-{question.question_id}")]
    try:
        if question.kind == "short":
            return GivenAnswer(text=(values[0] if values else "").strip())
        return GivenAnswer(chosen=tuple(sorted({int(v) for v in values})))
    except ValueError as exc:  # not a number, or too long a text (ValidationError)
        message = f"question {question.question_id}: the answer is not one it takes"
        raise InvalidInput(message) from exc


def _save_form(
    registry: Registry, user: accounts.User, sheet: TestSheet, form: FormData
) -> str | None:
    """Keep the answers the form holds (one question's, with ``only``); the last save's time."""
    only = str(form.get("only", ""))
    shown = {str(v) for v in form.getlist("shown")}
    saved = None
    for question in sheet.questions:
        key = str(question.question_id)
        if key not in shown or (only and key != only):
            continue
        given = _given(form, question)
        if given != question.answer and not (question.answer is None and given == GivenAnswer()):
            kept = sittings.answer_question(
                registry, user, sheet.attempt_id, question.question_id, given
            )
            saved = kept.saved_at
    return saved


async def _form(request: Request) -> FormData:
    form = await request.form(max_files=0, max_fields=500)
    check_origin(request)
    return form


def _answers(
    request: Request, registry: Registry, attempt_id: int, form: FormData, *, finish: bool
) -> Response:
    """Keep the form's answers; with ``finish``, then end the test (see the routes)."""
    session = _session(request, registry, str(form.get("csrf", "")))
    if session is None:
        return sign_in_first(f"/attempts/{attempt_id}")
    user = session.user
    sheet = sittings.build_sheet(registry, user, attempt_id)
    if finish:
        if sheet.state == "in-progress":
            # The time is up, or an answer does not fit: the answers kept count.
            with suppress(Conflict, InvalidInput):
                _save_form(registry, user, sheet, form)
            with suppress(Conflict):  # ended meanwhile (by its deadline, or another tab)
                sittings.submit(registry, user, attempt_id, issuing=get_issuing(request))
        return _back(attempt_id)
    script = "application/json" in request.headers.get("accept", "")
    try:
        saved = _save_form(registry, user, sheet, form)
    except (Conflict, InvalidInput) as exc:
        if script:
            raise
        return _attempt_page(request, registry, session, attempt_id, exc)
    if script:
        left = sittings.build_sheet(registry, user, attempt_id).seconds_left
        return JSONResponse({"saved_at": saved, "seconds_left": left}, headers=NO_STORE)
    return _back(attempt_id)


@router.post("/attempts/{attempt_id}/answers")
async def answers_form(request: Request, registry: RegistryDep, attempt_id: AttemptId) -> Response:
    """Keep the form's answers. A script's request (one question, ``Accept: application/json``)
    gets ``{saved_at, seconds_left}``; a plain form goes back to the test."""
    form = await _form(request)
    return await run_in_threadpool(_answers, request, registry, attempt_id, form, finish=False)


@router.post("/attempts/{attempt_id}/submit")
async def submit_form(request: Request, registry: RegistryDep, attempt_id: AttemptId) -> Response:
    """Keep the form's answers, then end the test (its time may be up already: then it ended)."""
    form = await _form(request)
    return await run_in_threadpool(_answers, request, registry, attempt_id, form, finish=True)


def _form_action(
    request: Request, registry: Registry, attempt_id: int, csrf: str, act: Any
) -> Response:
    """Run ``act(user)`` for a signed-in user; its refusal shows on the attempt's page."""
    session = _session(request, registry, csrf)
    if session is None:
        return sign_in_first(f"/attempts/{attempt_id}")
    try:
        act(session.user)
    except (Conflict, InvalidInput) as exc:
        return _attempt_page(request, registry, session, attempt_id, exc)
    return _back(attempt_id)


@router.post("/attempts/{attempt_id}/assessor")
def assessor_form(
    request: Request,
    registry: RegistryDep,
    attempt_id: AttemptId,
    csrf: CsrfField,
    login: Annotated[str, Form(max_length=100)],
) -> Response:
    """The centre assigns the attempt's assessor."""

    def act(user: accounts.User) -> None:
        sittings.assign(registry, user, attempt_id, login)

    return _form_action(request, registry, attempt_id, csrf, act)


def _rubric_scores(
    registry: Registry, user: accounts.User, attempt_id: int, form: FormData
) -> list[RubricScore]:
    """The form's points (fields ``p-{task}-{criterion}``, by their places in the programme)."""
    page = sittings.build_attempt_page(registry, user, attempt_id)
    scores = []
    for i, task in enumerate(page.practice):
        for j, criterion in enumerate(task.criteria):
            value = str(form.get(f"p-{i}-{j}", "")).strip()
            try:
                points = RubricScore(
                    task=task.unit.id, criterion=criterion.element.id, points=int(value)
                )
            except (ValueError, ValidationError) as exc:
                message = f"score {criterion.element.text!r} 0 to {criterion.max_points}"
                raise InvalidInput(message) from exc
            scores.append(points)
    return scores


def _score(request: Request, registry: Registry, attempt_id: int, form: FormData) -> Response:
    csrf = str(form.get("csrf", ""))
    note = str(form.get("note", ""))[:MAX_NOTE]

    def act(user: accounts.User) -> None:
        scores = _rubric_scores(registry, user, attempt_id, form)
        sittings.score_rubric(
            registry, user, attempt_id, scores, note, issuing=get_issuing(request)
        )

    return _form_action(request, registry, attempt_id, csrf, act)


@router.post("/attempts/{attempt_id}/rubric")
async def rubric_form(request: Request, registry: RegistryDep, attempt_id: AttemptId) -> Response:
    """The attempt's assessor scores the practical part (fields ``p-{task}-{criterion}``)."""
    form = await _form(request)
    return await run_in_threadpool(_score, request, registry, attempt_id, form)


@router.post("/attempts/{attempt_id}/appeal")
def appeal_form(
    request: Request,
    registry: RegistryDep,
    attempt_id: AttemptId,
    csrf: CsrfField,
    reason: NoteField,
) -> Response:
    """The candidate appeals against the verdict."""

    def act(user: accounts.User) -> None:
        sittings.appeal_verdict(registry, user, attempt_id, reason)

    return _form_action(request, registry, attempt_id, csrf, act)


@router.post("/attempts/{attempt_id}/decision")
def decision_form(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    attempt_id: AttemptId,
    csrf: CsrfField,
    decision: Annotated[str, Form(pattern="^(upheld|rejected)$")],
    note: NoteField,
) -> Response:
    """The centre decides the appeal."""

    def act(user: accounts.User) -> None:
        sittings.decide(registry, user, attempt_id, upheld=decision == "upheld", note=note)

    return _form_action(request, registry, attempt_id, csrf, act)

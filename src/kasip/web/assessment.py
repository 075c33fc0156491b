"""The assessment pages for people signed in: programmes, applying, one's applications.

Anyone signed in reads the programmes (a candidate sees what they will be
assessed on) and a methodologist drafts new ones; a candidate applies from a
programme's page and sees whether they are eligible, and why not; the
centre's staff see every application, and an assessor admits a candidate
found not eligible, with the reason.
The same builders serve the REST API (:mod:`kasip.pages.programmes`,
:mod:`kasip.pages.applications`). Someone not signed in is sent to sign in
first; these pages are never cached.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import RedirectResponse

from kasip import accounts, assessment
from kasip.assessment import (
    EDUCATION_LEVELS,
    Attempt,
    Declaration,
    EducationLevel,
    ProgrammeRules,
)
from kasip.assessment.applications import MAX_REASON
from kasip.errors import Conflict, InvalidInput, NotFound
from kasip.http.deps import RegistryDep
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.applications import apply_for_programme, build_applications, grant_exception
from kasip.pages.attempts import build_attempts
from kasip.pages.programmes import build_programme, build_programmes, create_programme
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

ProgrammeId = Annotated[int, Path(ge=1, le=2**31 - 1)]
_DEFAULTS = ProgrammeRules()


def _programmes(
    request: Request,
    registry: RegistryDep,
    session: accounts.WebSession,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    found = build_programmes(registry, session.user, per_page=200)
    context = {
        "found": found,
        "user": session.user,
        "csrf": session.csrf_token,
        "error": error,
        "form": form or {},
        "defaults": _DEFAULTS,
    }
    return private_page(request, "programmes.html", context, status=400 if error else 200)


@router.get("/programmes")
def programmes_page(request: Request, registry: RegistryDep) -> Response:
    """The kept programmes, newest first; a methodologist drafts a new one here."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/programmes")
    return _programmes(request, registry, session)


@router.post("/programmes")
def draft_programme_form(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    card_id: Annotated[str, Form(max_length=MAX_ID_LENGTH)],
    csrf: Annotated[str, Form(max_length=100)],
    scope: Annotated[str, Form(max_length=20_000)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
    theory_pass_percent: Annotated[int, Form(ge=1, le=100)] = _DEFAULTS.theory_pass_percent,
    practice_pass_percent: Annotated[int, Form(ge=1, le=100)] = _DEFAULTS.practice_pass_percent,
    max_attempts: Annotated[int, Form(ge=1, le=10)] = _DEFAULTS.max_attempts,
    retake_after_days: Annotated[int, Form(ge=0, le=365)] = _DEFAULTS.retake_after_days,
) -> Response:
    """Draft a programme from a card and keep it (methodologists); then its page.

    The form sets the rules a centre most often changes; the others keep
    kasip's defaults (the API sets every one).
    """
    check_origin(request)
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/programmes")
    check_token(csrf, session.csrf_token)
    ids = [part for part in scope.split() if part]
    rules = ProgrammeRules(
        theory_pass_percent=theory_pass_percent,
        practice_pass_percent=practice_pass_percent,
        max_attempts=max_attempts,
        retake_after_days=retake_after_days,
    )
    try:
        made = create_programme(
            registry,
            session.user,
            card_id.strip(),
            scope=ids,
            rules=rules,
            title=title.strip() or None,
        )
    except (InvalidInput, NotFound) as exc:
        form = {"card_id": card_id, "scope": scope, "title": title} | {
            name: str(value) for name, value in rules.model_dump().items()
        }
        return _programmes(request, registry, session, error=str(exc), form=form)
    return RedirectResponse(f"/programmes/{made.id}", status_code=303, headers=NO_STORE)


def _programme_context(
    registry: RegistryDep, session: accounts.WebSession, programme_id: int
) -> dict[str, Any]:
    page = build_programme(registry, session.user, programme_id)
    applied = None
    if session.user.role == "candidate":
        mine = build_applications(registry, session.user, programme_id=programme_id).data
        applied = mine[0] if mine else None
    return {
        "page": page,
        "user": session.user,
        "csrf": session.csrf_token,
        "levels": EDUCATION_LEVELS,
        "applied": applied,
        "error": None,
    }


@router.get("/programmes/{programme_id}")
def programme_page(request: Request, registry: RegistryDep, programme_id: ProgrammeId) -> Response:
    """A programme: its theory blueprint, practical tasks and rules; a candidate applies here."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/programmes/{programme_id}")
    return private_page(
        request, "programme.html", _programme_context(registry, session, programme_id)
    )


@router.post("/programmes/{programme_id}/apply")
def apply(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    programme_id: ProgrammeId,
    education: Annotated[EducationLevel, Form()],
    experience_years: Annotated[float, Form(ge=0, le=70)],
    csrf: Annotated[str, Form(max_length=100)],
    recommended_by: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Apply for the programme (candidates); then the answer, on one's applications page."""
    check_origin(request)
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first(f"/programmes/{programme_id}")
    check_token(csrf, session.csrf_token)
    declared = Declaration(
        education=education, experience_years=experience_years, recommended_by=recommended_by
    )
    try:
        made = apply_for_programme(registry, session.user, programme_id, declared)
    except Conflict:
        return RedirectResponse("/applications", status_code=303, headers=NO_STORE)
    return RedirectResponse(
        f"/applications#application-{made.id}", status_code=303, headers=NO_STORE
    )


@router.post("/applications/{application_id}/exception")
def exception_form(
    request: Request,
    registry: RegistryDep,
    application_id: ProgrammeId,
    reason: Annotated[str, Form(max_length=MAX_REASON)],
    csrf: Annotated[str, Form(max_length=100)],
) -> Response:
    """An assessor admits a candidate found not eligible, with the reason."""
    check_origin(request)
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/applications")
    check_token(csrf, session.csrf_token)
    grant_exception(registry, session.user, application_id, reason)
    return RedirectResponse(
        f"/applications#application-{application_id}", status_code=303, headers=NO_STORE
    )


@router.get("/applications")
def applications_page(request: Request, registry: RegistryDep) -> Response:
    """One's own applications (a candidate), or every one (the centre's staff)."""
    session = signed_in(request, registry)
    if session is None:
        return sign_in_first("/applications")
    found = build_applications(registry, session.user, per_page=200)
    # The titles only: each programme's currency (two reads of the registry) is not needed here.
    titles = {p.id: p.programme.title for p in assessment.list_programmes(registry.engine)}
    attempts: dict[int, list[Attempt]] = {}
    for attempt in build_attempts(registry, session.user, per_page=10_000).data:
        attempts.setdefault(attempt.application_id, []).append(attempt)
    context = {
        "found": found,
        "titles": titles,
        "attempts": attempts,
        "user": session.user,
        "csrf": session.csrf_token,
    }
    return private_page(request, "applications.html", context)

"""``/api/v1/attempts``: sitting the theory test, scoring the practice, verdicts and appeals.

A candidate starts an attempt from an admitted application
(``POST /applications/{id}/attempts``), reads its test
(``GET /attempts/{id}/test``), answers one question at a time
(``PUT /attempts/{id}/answers/{question_id}``, kept at once) and submits it.
The clock is the server's: ``seconds_left`` in each answer. The centre assigns
an assessor, who scores the practical part against the rubric; the verdict
follows. The candidate may appeal; the centre decides. Who sees what:
:mod:`kasip.pages.attempts`. Every route needs an API token; answers are
never cached.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from kasip.assessment import (
    Attempt,
    AttemptState,
    GivenAnswer,
    ProgrammeStatistics,
    RubricScore,
    SavedAnswer,
    TestSheet,
)
from kasip.assessment.sheets import MAX_NOTE
from kasip.http.auth import SHEET_MEDIA, CurrentUser, private_file, private_json
from kasip.http.deps import IssuingDep, PageQuery, PerPageQuery, RegistryDep
from kasip.http.errors import ErrorResponse
from kasip.http.language import choose_language
from kasip.i18n import translations
from kasip.pages import attempts as sittings
from kasip.pages.result_svg import result_chart
from kasip.pages.statistics import build_statistics, export_statistics

__all__ = ["AppealRequest", "AssessorRequest", "DecisionRequest", "RubricRequest", "router"]

router = APIRouter(tags=["assessment"])

_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No API token, or one that is not valid."},
    403: {"model": ErrorResponse, "description": "The account's role may not."},
    404: {"model": ErrorResponse, "description": "No such attempt, or not one of yours."},
}
_STATE: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorResponse, "description": "Not possible in the attempt's state."}
}
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]


class _Request(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AssessorRequest(_Request):
    """The assessor to assign: an active assessor's login."""

    login: str = Field(min_length=1, max_length=100)


class RubricRequest(_Request):
    """The points for every criterion of every practical task, and a note."""

    scores: tuple[RubricScore, ...] = Field(max_length=500)
    note: str = Field("", max_length=MAX_NOTE)


class AppealRequest(_Request):
    """Why the candidate appeals against the verdict."""

    reason: str = Field(min_length=1, max_length=MAX_NOTE)


class DecisionRequest(_Request):
    """The centre's decision on an appeal: upheld (re-assessment) or not, and why."""

    upheld: bool
    note: str = Field(min_length=1, max_length=MAX_NOTE)


@router.post(
    "/applications/{application_id}/attempts",
    status_code=201,
    response_model=Attempt,
    name="start_attempt",
    responses={**_REFUSED, **_STATE},
)
def start(registry: RegistryDep, user: CurrentUser, application_id: IdPath) -> Response:
    """Start the next attempt of one's own admitted application (candidates).

    409 when the candidate is not admitted, has an attempt not finished, has
    passed, has used every attempt, must wait for a retake, or the centre's
    question bank is too small for the blueprint.
    """
    return private_json(sittings.start(registry, user, application_id), status=201)


@router.get("/attempts", response_model=sittings.AttemptsPage, name="list_attempts",
            responses=_REFUSED)  # fmt: skip
def list_(  # noqa: PLR0913
    registry: RegistryDep,
    user: CurrentUser,
    state: Annotated[AttemptState | None, Query()] = None,
    application: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    page: PageQuery = 1,
    per_page: PerPageQuery = 50,
) -> Response:
    """Attempts, newest first: a candidate's own, an assessor's assigned, all for the centre."""
    found = sittings.build_attempts(
        registry, user, state=state, application_id=application, page=page, per_page=per_page
    )
    return private_json(found)


@router.get("/attempts/{attempt_id}", response_model=Attempt, name="get_attempt",
            responses=_REFUSED)  # fmt: skip
def get(registry: RegistryDep, user: CurrentUser, attempt_id: IdPath) -> Response:
    """An attempt: its state, deadline, scores per labour function, verdicts and appeals."""
    return private_json(sittings.build_attempt(registry, user, attempt_id))


@router.get("/attempts/{attempt_id}/test", response_model=TestSheet, name="get_test",
            responses=_REFUSED)  # fmt: skip
def test(registry: RegistryDep, user: CurrentUser, attempt_id: IdPath) -> Response:
    """The theory test: questions in the candidate's order, options numbered as shown
    (never which is right), the answers kept so far and the seconds left."""
    return private_json(sittings.build_sheet(registry, user, attempt_id))


@router.put(
    "/attempts/{attempt_id}/answers/{question_id}",
    response_model=SavedAnswer,
    name="save_answer",
    responses={**_REFUSED, **_STATE},
)
def answer(
    registry: RegistryDep,
    user: CurrentUser,
    attempt_id: IdPath,
    question_id: IdPath,
    payload: GivenAnswer,
) -> Response:
    """Keep the answer to one question (candidates): `chosen` are the options' shown
    positions, `text` a short answer; an empty answer takes the answer back. 409 once the
    test is submitted or its time is up."""
    saved = sittings.answer_question(registry, user, attempt_id, question_id, payload)
    return private_json(saved)


@router.post("/attempts/{attempt_id}/submit", response_model=Attempt, name="submit_attempt",
             responses={**_REFUSED, **_STATE})  # fmt: skip
def submit(
    registry: RegistryDep, issuing: IssuingDep, user: CurrentUser, attempt_id: IdPath
) -> Response:
    """End one's theory test now (candidates): it is scored and no answer changes after.
    A pass of a programme with no practical part gets its certificate."""
    return private_json(sittings.submit(registry, user, attempt_id, issuing=issuing))


@router.put("/attempts/{attempt_id}/assessor", response_model=Attempt, name="assign_assessor",
            responses={**_REFUSED, **_STATE})  # fmt: skip
def assessor(
    registry: RegistryDep, user: CurrentUser, attempt_id: IdPath, payload: AssessorRequest
) -> Response:
    """Assign the attempt's assessor (methodologists and admins)."""
    return private_json(sittings.assign(registry, user, attempt_id, payload.login))


@router.put("/attempts/{attempt_id}/rubric", response_model=Attempt, name="score_rubric",
            responses={**_REFUSED, **_STATE})  # fmt: skip
def rubric(
    registry: RegistryDep,
    issuing: IssuingDep,
    user: CurrentUser,
    attempt_id: IdPath,
    payload: RubricRequest,
) -> Response:
    """Score every rubric criterion of the practical part (the attempt's assessor); the
    verdict follows by the programme's pass marks."""
    return private_json(
        sittings.score_rubric(
            registry, user, attempt_id, payload.scores, payload.note, issuing=issuing
        )
    )


@router.post("/attempts/{attempt_id}/appeal", response_model=Attempt, name="appeal_verdict",
             responses={**_REFUSED, **_STATE})  # fmt: skip
def appeal(
    registry: RegistryDep, user: CurrentUser, attempt_id: IdPath, payload: AppealRequest
) -> Response:
    """Appeal against one's verdict, within the programme's days for appeals (candidates)."""
    return private_json(sittings.appeal_verdict(registry, user, attempt_id, payload.reason))


@router.post("/attempts/{attempt_id}/appeal/decision", response_model=Attempt,
             name="decide_appeal", responses={**_REFUSED, **_STATE})  # fmt: skip
def decision(
    registry: RegistryDep, user: CurrentUser, attempt_id: IdPath, payload: DecisionRequest
) -> Response:
    """Decide the appeal (methodologists and admins): upheld sends the practical part to be
    scored again (or, with no practical part, gives a retake that uses no attempt)."""
    return private_json(
        sittings.decide(registry, user, attempt_id, upheld=payload.upheld, note=payload.note)
    )


@router.get("/programmes/{programme_id}/statistics", response_model=ProgrammeStatistics,
            name="programme_statistics", responses=_REFUSED)  # fmt: skip
def statistics(registry: RegistryDep, user: CurrentUser, programme_id: IdPath) -> Response:
    """A programme's statistics (methodologists and admins): attempts, verdicts, pass rate,
    mean theory score, and each question's `difficulty` (share right) and `discrimination`
    (corrected point-biserial correlation with the rest of the test)."""
    return private_json(build_statistics(registry, user, programme_id))


@router.get(
    "/programmes/{programme_id}/statistics/export",
    name="export_statistics",
    responses={
        **_REFUSED,
        200: {"content": {m: {} for m in SHEET_MEDIA.values()}, "description": "The file."},
    },
)
def statistics_file(
    registry: RegistryDep,
    user: CurrentUser,
    programme_id: IdPath,
    format: Annotated[Literal["csv", "xlsx"], Query(description="The file's format.")] = "xlsx",
) -> Response:
    """The statistics as CSV (one row per question) or XLSX (`summary` and `items` sheets)."""
    body = export_statistics(registry, user, programme_id, format)
    return private_file(body, format, f"statistics-programme-{programme_id}.{format}")


@router.get(
    "/attempts/{attempt_id}/chart.svg",
    name="attempt_chart",
    responses={**_REFUSED, 200: {"content": {"image/svg+xml": {}}, "description": "The chart."}},
)
def chart(
    request: Request, registry: RegistryDep, user: CurrentUser, attempt_id: IdPath
) -> Response:
    """The attempt's scores per labour function as an SVG bar chart, with the pass marks;
    its words in the request's language (`?lang=`, `Accept-Language`)."""
    page = sittings.build_attempt_page(registry, user, attempt_id)
    gettext = translations(choose_language(request)).gettext
    svg = result_chart(page, gettext)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})

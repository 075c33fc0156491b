"""``/api/v1/questions``: question banks, and ``/api/v1/programmes/{id}/coverage``.

Methodologists write questions (one by one as JSON, or a CSV or XLSX file of
many, all or none); the centre's staff (methodologists, assessors, admins)
read them; candidates never do (403). Every route needs an API token
(:mod:`kasip.http.auth`); answers are never cached.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from kasip.assessment import Question, QuestionBody
from kasip.http.auth import SHEET_MEDIA, CurrentUser, private_file, private_json
from kasip.http.deps import CARD_ID_PATTERN, PageQuery, PerPageQuery, RegistryDep
from kasip.http.errors import ErrorResponse
from kasip.http.uploads import UPLOAD_BODY, Upload, UploadNameQuery, read_upload
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.questions import (
    CoveragePage,
    ImportedQuestions,
    QuestionsPage,
    add_question,
    build_coverage,
    build_question,
    build_questions,
    change_question,
    export_questions,
    import_questions,
)

__all__ = ["router"]

router = APIRouter(tags=["assessment"])

_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No API token, or one that is not valid."},
    403: {"model": ErrorResponse, "description": "The account's role may not."},
}
CardQuery = Annotated[
    str,
    Query(
        max_length=MAX_ID_LENGTH,
        pattern=CARD_ID_PATTERN,
        description="The card, e.g. 2635-3-001@5.",
    ),
]
QuestionPath = Annotated[int, Path(ge=1, le=2**31 - 1, description="The question's number.")]


@router.post(
    "/questions/import",
    response_model=ImportedQuestions,
    name="import_questions",
    responses=_REFUSED,
    openapi_extra=UPLOAD_BODY,
)
def import_(
    registry: RegistryDep,
    user: CurrentUser,
    card: CardQuery,
    upload: Annotated[Upload, Depends(read_upload)],
    name: UploadNameQuery = None,
) -> Response:
    """Add and change a card's questions from a CSV or XLSX file (methodologists only).

    One question per row; a row with an `id` changes that question. The file
    is kept whole or not at all: a problem answers 400 `invalid-file` with
    every problem named by its row and column (`details.problems`). The
    columns are in docs/assessment.md.
    """
    data, sent_name = upload
    page = import_questions(registry, user, card, data, name=name or sent_name)
    return private_json(page)


@router.get(
    "/questions/export",
    name="export_questions",
    responses={
        **_REFUSED,
        200: {"content": {m: {} for m in SHEET_MEDIA.values()}, "description": "The file."},
    },
)
def export(
    registry: RegistryDep,
    user: CurrentUser,
    card: CardQuery,
    format: Annotated[Literal["csv", "xlsx"], Query(description="The file's format.")] = "xlsx",
) -> Response:
    """A card's questions as a file that `POST /questions/import` reads back (staff only);
    with no questions, the empty template."""
    body = export_questions(registry, user, card, format)
    file_name = f"questions-{card.replace('@', '-')}.{format}"
    return private_file(body, format, file_name)


@router.post(
    "/questions",
    status_code=201,
    response_model=Question,
    name="create_question",
    responses=_REFUSED,
)
def create(registry: RegistryDep, user: CurrentUser, payload: QuestionBody) -> Response:
    """Add a question to a card's bank (methodologists only); its elements must be the card's."""
    return private_json(add_question(registry, user, payload), status=201)


@router.get("/questions", response_model=QuestionsPage, name="list_questions", responses=_REFUSED)
def list_(
    registry: RegistryDep,
    user: CurrentUser,
    card: CardQuery,
    page: PageQuery = 1,
    per_page: PerPageQuery = 50,
) -> Response:
    """A card's questions, oldest first (staff only: the bank holds the answers)."""
    return private_json(build_questions(registry, user, card, page=page, per_page=per_page))


@router.get(
    "/questions/{question_id}", response_model=Question, name="get_question", responses=_REFUSED
)
def get(registry: RegistryDep, user: CurrentUser, question_id: QuestionPath) -> Response:
    """A question of the bank (staff only)."""
    return private_json(build_question(registry, user, question_id))


@router.put(
    "/questions/{question_id}", response_model=Question, name="update_question", responses=_REFUSED
)
def update(
    registry: RegistryDep, user: CurrentUser, question_id: QuestionPath, payload: QuestionBody
) -> Response:
    """Change a question (methodologists only); the change is in the audit log, before and after."""
    return private_json(change_question(registry, user, question_id, payload))


@router.get(
    "/programmes/{programme_id}/coverage",
    response_model=CoveragePage,
    name="programme_coverage",
    responses=_REFUSED,
)
def coverage(
    registry: RegistryDep,
    user: CurrentUser,
    programme_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:
    """Which elements of a programme have questions in the bank, and which none yet (staff only)."""
    return private_json(build_coverage(registry, user, programme_id))

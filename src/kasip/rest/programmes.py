"""``/api/v1/programmes``: qualification programmes drafted from cards (issue 12).

A methodologist drafts and keeps a programme with ``POST``; anyone signed in
reads them. Every route needs an API token (:mod:`kasip.http.auth`); answers
are never cached.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kasip.assessment import ProgrammeRules
from kasip.http.auth import CurrentUser, private_json
from kasip.http.deps import (
    CARD_ID_PATTERN,
    STANDARD_KEY_PATTERN,
    PageQuery,
    PerPageQuery,
    RegistryDep,
)
from kasip.http.errors import ErrorResponse
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.programmes import (
    ProgrammePage,
    ProgrammesPage,
    build_programme,
    build_programmes,
    create_programme,
)

__all__ = ["NewProgramme", "router"]

router = APIRouter(tags=["assessment"])

MAX_SCOPE = 200

_UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No API token, or one that is not valid."}
}


class NewProgramme(BaseModel):
    """The card (and, optionally, some of its labour functions, tasks or skills) to draft from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    card_id: str = Field(
        max_length=MAX_ID_LENGTH, pattern=CARD_ID_PATTERN, description="e.g. 2635-3-001@5"
    )
    standard: str | None = Field(
        None,
        max_length=MAX_ID_LENGTH,
        pattern=STANDARD_KEY_PATTERN,
        description="The standard holding it; the first by key when left out.",
    )
    scope: tuple[str, ...] = Field(
        (),
        max_length=MAX_SCOPE,
        description="IDs of labour functions, tasks or skills; the whole card when empty.",
    )
    title: str | None = Field(None, min_length=1, max_length=300)
    rules: ProgrammeRules | None = Field(
        None, description="The centre's numbers; kasip's defaults when left out."
    )


@router.post(
    "/programmes",
    status_code=201,
    response_model=ProgrammePage,
    name="create_programme",
    responses={
        **_UNAUTHORIZED,
        403: {"model": ErrorResponse, "description": "The account is not a methodologist."},
    },
)
def create(registry: RegistryDep, user: CurrentUser, payload: NewProgramme) -> Response:
    """Draft a programme from a card and keep it (methodologists only).

    The theory part draws questions per labour function from its knowledge
    elements; each task (or skill) becomes a practical task whose rubric
    criteria are its skills. The programme records the standard version and
    element IDs it was built from.
    """
    page = create_programme(
        registry,
        user,
        payload.card_id,
        standard=payload.standard,
        scope=payload.scope,
        rules=payload.rules,
        title=payload.title,
    )
    return private_json(page, status=201)


@router.get(
    "/programmes", response_model=ProgrammesPage, name="list_programmes", responses=_UNAUTHORIZED
)
def list_(
    registry: RegistryDep,
    user: CurrentUser,
    card: Annotated[
        str | None,
        Query(
            max_length=MAX_ID_LENGTH,
            pattern=CARD_ID_PATTERN,
            description="Only the programmes of this card.",
        ),
    ] = None,
    page: PageQuery = 1,
    per_page: PerPageQuery = 50,
) -> Response:
    """The kept programmes, newest first, each with its currency."""
    return private_json(
        build_programmes(registry, user, card_id=card, page=page, per_page=per_page)
    )


@router.get(
    "/programmes/{programme_id}",
    response_model=ProgrammePage,
    name="get_programme",
    responses=_UNAUTHORIZED,
)
def get(
    registry: RegistryDep, user: CurrentUser, programme_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    """A kept programme, and whether a newer version of its standard changed its elements."""
    return private_json(build_programme(registry, user, programme_id))

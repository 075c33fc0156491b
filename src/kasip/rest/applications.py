"""``/api/v1/programmes/{id}/applications`` and ``/api/v1/applications``: candidates apply.

A candidate applies for a programme, declaring their education and years of
experience; the answer says whether they are eligible and, if not, why. A
candidate sees their own applications only; staff see all; an assessor may
admit a candidate found not eligible, with the reason. Every route needs an
API token; answers are never cached.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kasip.assessment import Application, Declaration
from kasip.assessment.applications import MAX_REASON
from kasip.http.auth import CurrentUser, private_json
from kasip.http.deps import PageQuery, PerPageQuery, RegistryDep
from kasip.http.errors import ErrorResponse
from kasip.pages.applications import (
    ApplicationsPage,
    apply_for_programme,
    build_application,
    build_applications,
    grant_exception,
)

__all__ = ["ExceptionRequest", "router"]

router = APIRouter(tags=["assessment"])

_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "No API token, or one that is not valid."},
    403: {"model": ErrorResponse, "description": "The account's role may not."},
}
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]


class ExceptionRequest(BaseModel):
    """Why the candidate is admitted although the check found them not eligible."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(min_length=1, max_length=MAX_REASON)


@router.post(
    "/programmes/{programme_id}/applications",
    status_code=201,
    response_model=Application,
    name="apply_for_programme",
    responses={**_REFUSED, 409: {"model": ErrorResponse, "description": "Applied already."}},
)
def apply(
    registry: RegistryDep, user: CurrentUser, programme_id: IdPath, payload: Declaration
) -> Response:
    """Apply for a programme (candidates only): eligible or not, and why.

    `education` is one of `secondary`, `tve` (technical and vocational),
    `post_secondary`, `higher`, `postgraduate`; it and `experience_years` are
    checked against the card's education and qualification rows.
    """
    return private_json(apply_for_programme(registry, user, programme_id, payload), status=201)


@router.get(
    "/applications", response_model=ApplicationsPage, name="list_applications", responses=_REFUSED
)
def list_(
    registry: RegistryDep,
    user: CurrentUser,
    programme: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    page: PageQuery = 1,
    per_page: PerPageQuery = 50,
) -> Response:
    """Applications, newest first: a candidate's own, every one for the staff."""
    found = build_applications(registry, user, programme_id=programme, page=page, per_page=per_page)
    return private_json(found)


@router.get(
    "/applications/{application_id}",
    response_model=Application,
    name="get_application",
    responses=_REFUSED,
)
def get(registry: RegistryDep, user: CurrentUser, application_id: IdPath) -> Response:
    """An application: one's own (another's is not found), or any for the staff."""
    return private_json(build_application(registry, user, application_id))


@router.post(
    "/applications/{application_id}/exception",
    response_model=Application,
    name="grant_exception",
    responses=_REFUSED,
)
def exception(
    registry: RegistryDep, user: CurrentUser, application_id: IdPath, payload: ExceptionRequest
) -> Response:
    """Admit a candidate the check found not eligible, with the reason (assessors only)."""
    return private_json(grant_exception(registry, user, application_id, payload.reason))

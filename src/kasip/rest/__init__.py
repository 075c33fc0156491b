"""The REST API, under ``/api/v1``: the resources of :mod:`kasip.http.resources`, as JSON.

Every ``GET`` route is made from its resource's declaration (the same view as
its page and the page's ``.json`` twin, see :mod:`kasip.http.resource`); the
one other route, ``POST /api/v1/match``, takes its long text as a request
body and calls the same builder as the match page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kasip.http.deps import LanguageDep, RegistryDep
from kasip.http.errors import ERROR_RESPONSES, ApiError, ErrorResponse
from kasip.http.language import choose_language
from kasip.http.resource import endpoint
from kasip.http.resources import RESOURCES
from kasip.http.responses import json_response
from kasip.http.uploads import UPLOAD_BODY, Upload, UploadNameQuery, read_upload
from kasip.i18n import translations
from kasip.pages.drafts import DraftCheckPage, build_draft_check
from kasip.pages.match import (
    DEFAULT_MATCH_LIMIT,
    MAX_MATCH_LIMIT,
    MAX_MATCH_TEXT_LENGTH,
    MatchPage,
    build_match,
)
from kasip.rest import (
    accounts,
    alignments,
    applications,
    attempts,
    case,
    certificates,
    docs,
    exports,
    gaps,
    jobs,
    programmes,
    questions,
)

__all__ = ["API_PREFIX", "MatchRequest", "case_router", "router"]

API_PREFIX = "/api/v1"

router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
router.include_router(docs.router)
router.include_router(exports.router)
router.include_router(accounts.router)
router.include_router(programmes.router)
router.include_router(questions.router)
router.include_router(applications.router)
router.include_router(attempts.router)
router.include_router(certificates.router)
router.include_router(gaps.router)
router.include_router(jobs.router)
router.include_router(alignments.router)
# The CASE 1.1 service keeps the binding's own base path, outside /api/v1.
case_router = case.router


def _as_json(request: Request, data: BaseModel | None, _: Mapping[str, Any]) -> Response:
    assert data is not None  # API routes have no form
    return json_response(request, data)


def _conditional() -> dict[str, Any]:
    """What every GET operation adds to the OpenAPI document: ETag, If-None-Match, 304."""
    etag = {"description": "The answer's strong ETag.", "schema": {"type": "string"}}
    return {
        "parameters": [
            {
                "name": "If-None-Match",
                "in": "header",
                "required": False,
                "description": "ETags the client has (or `*`); when one is the answer's, "
                "the answer is 304 Not Modified without a body.",
                "schema": {"type": "string"},
            }
        ],
        "responses": {
            "200": {"headers": {"ETag": etag}},
            "304": {"description": "Not Modified: `If-None-Match` names this ETag.",
                    "headers": {"ETag": etag}},
        },
    }  # fmt: skip


for _resource in RESOURCES:
    if _resource.api is not None:
        router.add_api_route(
            _resource.api,
            endpoint(_resource.view, _as_json),
            methods=["GET"],
            response_model=_resource.model,
            name=_resource.api_name,
            tags=list(_resource.tags),
            openapi_extra=_conditional(),
        )


class MatchRequest(BaseModel):
    """The text to match (a vacancy, a CV, a job description) and how many cards to return."""

    # Strict: JSON's `true` or `"5"` is not a limit, and 5 is not a text
    # (issue 8: `"limit": true` was taken as 1).
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    text: str = Field(
        min_length=1,
        max_length=MAX_MATCH_TEXT_LENGTH,
        description="The text, in Kazakh or Russian.",
    )
    limit: int = Field(
        DEFAULT_MATCH_LIMIT,
        ge=1,
        le=MAX_MATCH_LIMIT,
        description=f"The most occupations (one card each), 1 to {MAX_MATCH_LIMIT}.",
    )


_MATCH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": MatchRequest.model_json_schema()},
            "text/plain": {"schema": {"type": "string", "maxLength": MAX_MATCH_TEXT_LENGTH}},
        },
    }
}


async def read_match_request(
    request: Request,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_MATCH_LIMIT,
            description="The most occupations, for a `text/plain` body (default "
            f"{DEFAULT_MATCH_LIMIT}); a JSON body gives its own `limit`.",
        ),
    ] = None,
) -> MatchRequest:
    """The request body: JSON ``{"text", "limit"}``, or the text itself as ``text/plain``.

    Raises:
        ApiError: 415 for another media type.
        RequestValidationError: The body is not valid (answered as a 400).
    """
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    body = await request.body()
    try:
        if media_type == "text/plain":
            text = body.decode("utf-8")
            return MatchRequest(text=text, limit=limit or DEFAULT_MATCH_LIMIT)
        if media_type in ("application/json", ""):
            data = json.loads(body) if body else None
            if isinstance(data, dict) and limit is not None:
                data = {"limit": limit, **data}
            return MatchRequest.model_validate(data)
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the body is not UTF-8 text: {exc.reason}") from exc
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"the body is not JSON: {exc.msg}", code="invalid-json") from exc
    except RecursionError as exc:  # json.loads of "[[[[..." nested too deep
        raise ApiError(400, "the body is not JSON: nested too deep", code="invalid-json") from exc
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        raise RequestValidationError(errors) from exc
    raise ApiError(
        415,
        f"send the text as application/json or text/plain, not {media_type}",
        code="unsupported-media-type",
    )


@router.post(
    "/match",
    response_model=MatchPage,
    name="match_text",
    tags=["search"],
    openapi_extra=_MATCH_BODY,
    responses={
        415: {"model": ErrorResponse, "description": "The body is not JSON nor plain text."}
    },
)
def match_text(
    request: Request,
    registry: RegistryDep,
    lang: LanguageDep,
    payload: Annotated[MatchRequest, Depends(read_match_request)],
) -> Response:
    """Match a free text (a vacancy, a CV, a job description) to profession cards.

    Body: JSON `{"text": "...", "limit": 5}`, or the text itself as
    `text/plain`. `matches` are the occupations best first, one card each, with a
    `confidence` in [0, 1] (the occupation's), the `evidence` (which sentence
    matched which element of the card), the occupation's `other_cards`, and
    its `copies` in other standards (another code, nearly the same duties;
    `copies_total` counts them). `confident` is false when no card clearly
    fits the text. A card both
    language editions of an order hold is one match, shown in the edition of
    the interface language (`lang`, else the text's); `other_edition` names
    the other, and each evidence its edition.
    """
    page = build_match(registry, text=payload.text, limit=payload.limit, language=lang)
    return json_response(request, page)


@router.post(
    "/check",
    response_model=DraftCheckPage,
    name="check_draft",
    tags=["standards"],
    openapi_extra=UPLOAD_BODY,
)
def check_draft(
    request: Request,
    upload: Annotated[Upload, Depends(read_upload)],
    name: UploadNameQuery = None,
) -> Response:
    """Check a draft standard (Word .docx, PDF or text) as `kasip check` does; nothing is stored.

    Send the file as `multipart/form-data` (field `file`), or as the body itself
    with its name in `?name=`. The answer lists every `problem`: the parser's
    diagnostics and the layout rules for authors (`layout-*` codes), each with
    its `line`, `column` and `place` in the document (page, table, row, cell,
    paragraph), and `excerpts` of the text around the problems. Layout messages
    and code titles are in the request's language (`?lang=`, `Accept-Language`).
    """
    del name  # read by read_upload; declared here for the API document
    data, file_name = upload
    gettext = translations(choose_language(request)).gettext
    return json_response(request, build_draft_check(data, file_name, gettext))

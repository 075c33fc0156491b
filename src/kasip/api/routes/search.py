"""``/api/v1/search`` and ``/api/v1/match``: find elements, match a free text to cards.

The same builders as the search and match pages (:mod:`kasip.web.search_routes`),
so the API and the pages cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kasip.api.deps import LevelQuery, RegistryDep, StandardQuery
from kasip.api.errors import ERROR_RESPONSES, ApiError
from kasip.api.responses import json_response
from kasip.api.routes import API_PREFIX
from kasip.pages.checks import MAX_QUERY_LENGTH
from kasip.pages.search import (
    DEFAULT_MATCH_LIMIT,
    DEFAULT_SEARCH_LIMIT,
    MAX_MATCH_LIMIT,
    MAX_MATCH_TEXT_LENGTH,
    MAX_SEARCH_LIMIT,
    MatchPage,
    SearchPage,
    build_match,
    build_search,
)
from kasip.search.entries import SEARCHED_TYPES

__all__ = [
    "MatchRequest",
    "OptionalSearchText",
    "SearchLimitQuery",
    "TypesQuery",
    "router",
]

router = APIRouter(prefix=API_PREFIX, tags=["search"], responses=ERROR_RESPONSES)

SearchText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        description="Words to find, in Kazakh or Russian, in any form; typos are tolerated.",
    ),
]
OptionalSearchText = Annotated[
    str | None,
    Query(max_length=MAX_QUERY_LENGTH, description="Words to find, in Kazakh or Russian."),
]
TypesQuery = Annotated[
    list[str] | None,
    Query(
        alias="type",
        description="Only these element types (repeat the parameter): "
        f"{', '.join(SEARCHED_TYPES)}.",
    ),
]
SearchLimitQuery = Annotated[
    int,
    Query(ge=1, le=MAX_SEARCH_LIMIT, description=f"The most hits, 1 to {MAX_SEARCH_LIMIT}."),
]


class MatchRequest(BaseModel):
    """The text to match (a vacancy, a CV, a job description) and how many cards to return."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(
        min_length=1,
        max_length=MAX_MATCH_TEXT_LENGTH,
        description="The text, in Kazakh or Russian.",
    )
    limit: int = Field(
        DEFAULT_MATCH_LIMIT,
        ge=1,
        le=MAX_MATCH_LIMIT,
        description=f"The most cards, 1 to {MAX_MATCH_LIMIT}.",
    )


@router.get("/search", response_model=SearchPage, name="search_elements")
def search_elements(  # noqa: PLR0913 - one parameter per query filter
    request: Request,
    registry: RegistryDep,
    q: SearchText,
    standard: StandardQuery = None,
    level: LevelQuery = None,
    types: TypesQuery = None,
    limit: SearchLimitQuery = DEFAULT_SEARCH_LIMIT,
) -> Response:
    """Find cards, labour functions, tasks, skills, knowledge, terms by their words.

    Morphology-aware (Kazakh suffixes, Russian lemmas), cross-lingual (a
    Russian query finds Kazakh texts) and typo-tolerant. `hits` are best
    first, `groups` the same hits by card; `snippet` marks the matched words
    (`hit: true`); `corrections` read unknown query words as known ones.
    """
    page = build_search(
        registry, q=q, standard=standard, level=level, types=types or (), limit=limit
    )
    return json_response(request, page)


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
            description="The most cards, for a `text/plain` body (default "
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


@router.post("/match", response_model=MatchPage, name="match_text", openapi_extra=_MATCH_BODY)
def match_text(
    request: Request,
    registry: RegistryDep,
    payload: Annotated[MatchRequest, Depends(read_match_request)],
) -> Response:
    """Match a free text (a vacancy, a CV, a job description) to profession cards.

    Body: JSON `{"text": "...", "limit": 5}`, or the text itself as
    `text/plain`. `matches` are best first, each with a `confidence` in [0, 1]
    and the `evidence`: which sentence matched which element of the card.
    `confident` is false when no card clearly fits the text.
    """
    return json_response(request, build_match(registry, text=payload.text, limit=payload.limit))

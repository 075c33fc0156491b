"""The search and match pages and their JSON twins.

Each page and its twin call the same builder of
:mod:`kasip.pages.search` (``/search?q=X`` renders what
``/search.json?q=X`` returns), as does the REST API
(:mod:`kasip.api.routes.search`). Without a query the search page shows only
its form; the match page takes its (long) text from a POST form, or a short
one from ``?text=``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request, Response

from kasip.api.deps import RegistryDep
from kasip.api.errors import ApiError
from kasip.api.responses import json_response
from kasip.api.routes.search import OptionalSearchText, SearchLimitQuery, TypesQuery
from kasip.errors import InvalidInput
from kasip.pages.checks import clean_query
from kasip.pages.search import (
    DEFAULT_MATCH_LIMIT,
    DEFAULT_SEARCH_LIMIT,
    MAX_MATCH_LIMIT,
    MAX_MATCH_TEXT_LENGTH,
    build_match,
    build_search,
)
from kasip.registry import Registry
from kasip.search.entries import SEARCHED_TYPES
from kasip.web.render import render_page

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# The search form sends its "all standards" and "all levels" choices as empty values.
FormStandardQuery = Annotated[
    str | None, Query(max_length=200, description="Standard key; empty for all standards.")
]
FormLevelQuery = Annotated[
    str | None, Query(max_length=10, description="Qualification level 1 to 8; empty for all.")
]
MatchTextQuery = Annotated[
    str | None,
    Query(max_length=MAX_MATCH_TEXT_LENGTH, description="The text to match (a short one)."),
]
MatchLimitQuery = Annotated[
    int, Query(ge=1, le=MAX_MATCH_LIMIT, description=f"The most cards, 1 to {MAX_MATCH_LIMIT}.")
]


def _filters(standard: str | None, level: str | None) -> tuple[str | None, int | None]:
    """The standard and level of the search form; empty values are no filter.

    Raises:
        InvalidInput: The level is not a number.
    """
    level = (level or "").strip()
    # isdigit() also accepts "²" and other digits int() refuses.
    if level and not re.fullmatch(r"[0-9]{1,2}", level):
        raise InvalidInput(f"level {level!r} is not a qualification level; levels are 1 to 8")
    return (standard or None), (int(level) if level else None)


def _form(
    registry: Registry, standard: str | None, level: int | None, types: list[str] | None
) -> dict[str, Any]:
    """What the search form shows: the choices and what is chosen."""
    return {
        "standards": registry.list_standards(),
        "element_types": SEARCHED_TYPES,
        "chosen": {"standard": standard, "level": level, "types": tuple(types or ())},
    }


@router.get("/search.json", name="search_json")
def search_json(  # noqa: PLR0913 - one parameter per query filter
    request: Request,
    registry: RegistryDep,
    q: OptionalSearchText = None,
    standard: FormStandardQuery = None,
    level: FormLevelQuery = None,
    types: TypesQuery = None,
    limit: SearchLimitQuery = DEFAULT_SEARCH_LIMIT,
) -> Response:
    """The data of the search page."""
    key, number = _filters(standard, level)
    page = build_search(registry, q=q, standard=key, level=number, types=types or (), limit=limit)
    return json_response(request, page)


@router.get("/search", name="search")
def search(  # noqa: PLR0913 - one parameter per query filter
    request: Request,
    registry: RegistryDep,
    q: OptionalSearchText = None,
    standard: FormStandardQuery = None,
    level: FormLevelQuery = None,
    types: TypesQuery = None,
    limit: SearchLimitQuery = DEFAULT_SEARCH_LIMIT,
) -> Response:
    """Search every element of the standards; without ``q``, the search form alone."""
    key, number = _filters(standard, level)
    page = None
    if clean_query(q) is not None:
        page = build_search(
            registry, q=q, standard=key, level=number, types=types or (), limit=limit
        )
    context = {"page": page, "q": q or "", **_form(registry, key, number, types)}
    return render_page(request, "search.html", context)


@router.get("/match.json", name="match_json")
def match_json(
    request: Request,
    registry: RegistryDep,
    text: MatchTextQuery = None,
    limit: MatchLimitQuery = DEFAULT_MATCH_LIMIT,
) -> Response:
    """The data of the match page, for a short text given as ``?text=``."""
    return json_response(request, build_match(registry, text=text or "", limit=limit))


@router.get("/match", name="match")
def match(
    request: Request,
    registry: RegistryDep,
    text: MatchTextQuery = None,
    limit: MatchLimitQuery = DEFAULT_MATCH_LIMIT,
) -> Response:
    """The match form; with ``?text=``, the cards that text fits."""
    return _match_page(request, registry, text, limit)


async def read_match_form(request: Request) -> tuple[str, int]:
    """The text and limit of the match form (``application/x-www-form-urlencoded``).

    Raises:
        ApiError: 400 when the body cannot be read or the limit is not a number.
    """
    try:
        fields = parse_qs((await request.body()).decode("utf-8"), max_num_fields=10)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, "the form cannot be read", code="invalid-form") from exc
    text = fields.get("text", [""])[0]
    limit = fields.get("limit", [str(DEFAULT_MATCH_LIMIT)])[0]
    if not re.fullmatch(r"[0-9]{1,4}", limit):
        raise ApiError(400, f"limit {limit[:20]!r} is not a number", code="invalid-form")
    return text, int(limit)


@router.post("/match", name="match_form")
def match_form(
    request: Request,
    registry: RegistryDep,
    form: Annotated[tuple[str, int], Depends(read_match_form)],
) -> Response:
    """The cards the text of the form fits."""
    text, limit = form
    return _match_page(request, registry, text, limit)


def _match_page(request: Request, registry: Registry, text: str | None, limit: int) -> Response:
    if text is None:
        return render_page(request, "match.html", {"page": None, "text": "", "empty": False})
    if not text.strip():
        return render_page(
            request, "match.html", {"page": None, "text": text, "empty": True}, status_code=400
        )
    page = build_match(registry, text=text, limit=limit)
    return render_page(request, "match.html", {"page": page, "text": text, "empty": False})

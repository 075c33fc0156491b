"""Dependencies and parameter types of the routes, shared by the REST API and the pages.

Each is declared once here, so a parameter has the same name, limits and
description on a page, on its ``.json`` twin and in the OpenAPI document.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from kasip.http.language import choose_language
from kasip.pages.checks import MAX_PER_PAGE, MAX_QUERY_LENGTH
from kasip.pages.search import (
    MAX_MATCH_LIMIT,
    MAX_MATCH_TEXT_LENGTH,
    MAX_SEARCH_LIMIT,
)
from kasip.registry import Registry
from kasip.search.entries import SEARCHED_TYPES


def get_registry(request: Request) -> Registry:
    """The registry the app was created with (``app.state.registry``)."""
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(get_registry)]

PageQuery = Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")]
PerPageQuery = Annotated[
    int, Query(ge=1, le=MAX_PER_PAGE, description=f"Items per page, 1 to {MAX_PER_PAGE}.")
]
LevelQuery = Annotated[
    int | None, Query(ge=1, le=8, description="Qualification level (sectoral framework), 1 to 8.")
]
TextQuery = Annotated[
    str | None,
    Query(
        max_length=MAX_QUERY_LENGTH,
        description="Text: a case-insensitive substring of the card's name, title or other names.",
    ),
]
CodeQuery = Annotated[
    str | None,
    Query(max_length=64, description="Occupation code, as normalised or as written: 2635-3-001."),
]
StandardQuery = Annotated[
    str | None, Query(max_length=200, description="Standard key, e.g. 292-2019-05-30-kk.")
]
VersionQuery = Annotated[
    int | None,
    Query(ge=1, le=1_000_000, description="Version of the standard (default: the latest)."),
]
StandardKey = Annotated[str, Path(description="Standard key, e.g. 292-2019-05-30-kk.")]
CardId = Annotated[str, Path(description="Card ID: CODE@LEVEL, e.g. 2635-3-001@5.")]
ElementId = Annotated[
    str, Path(description="Element ID, e.g. 2635-3-001@5/f1/t2/s3 (a skill) or term1.")
]

# The interface language of the request (?lang=, cookie, Accept-Language); not
# an OpenAPI parameter, like the cookie and the header it may come from.
LanguageDep = Annotated[str, Depends(choose_language)]

CardIdQuery = Annotated[
    str, Query(max_length=200, description="Card ID: CODE@LEVEL, e.g. 2635-3-001@5.")
]
FromQuery = Annotated[
    int | None,
    Query(
        alias="from",
        ge=1,
        le=1_000_000,
        description="The older version (default: the one before `to`).",
    ),
]
ToQuery = Annotated[
    int | None,
    Query(alias="to", ge=1, le=1_000_000, description="The newer version (default: the latest)."),
]
OccupationCode = Annotated[
    str, Path(max_length=64, description="Occupation code, as normalised or as written.")
]

SearchText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        description="Words to find, in Kazakh or Russian, in any form; typos are tolerated.",
    ),
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
MatchTextQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_MATCH_TEXT_LENGTH,
        description="The text to match (a short one).",
    ),
]
MatchLimitQuery = Annotated[
    int, Query(ge=1, le=MAX_MATCH_LIMIT, description=f"The most cards, 1 to {MAX_MATCH_LIMIT}.")
]

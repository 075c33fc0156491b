"""Dependencies and parameter types shared by the routes of the API and the pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from kasip.pages.checks import MAX_PER_PAGE, MAX_QUERY_LENGTH
from kasip.registry import Registry


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

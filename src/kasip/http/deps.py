"""Dependencies and parameter types of the routes, shared by the REST API and the pages.

Each is declared once here, so a parameter has the same name, limits and
description on a page, on its ``.json`` twin and in the OpenAPI document.

The grammar of keys, IDs and codes is checked by the library
(:mod:`kasip.pages.checks`, :mod:`kasip.model.ids`), whose 400 names the
mistake; the ``*_PATTERN`` regexes below (ECMA-262, as JSON Schema reads
them) only tell clients the same rules in the OpenAPI document, without a
second check here. ``tests/test_api_rules.py`` proves each pattern and the
library's check agree.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from kasip.http.language import choose_language
from kasip.i18n import LANGUAGES
from kasip.model.ids import MAX_ID_LENGTH
from kasip.pages.certificates import Issuing
from kasip.pages.checks import MAX_PER_PAGE, MAX_QUERY_LENGTH, STANDARD_KEY_RE
from kasip.pages.ladder import LADDER_CODE_RE
from kasip.pages.match import MAX_MATCH_LIMIT, MAX_MATCH_TEXT_LENGTH
from kasip.pages.search import MAX_SEARCH_LIMIT
from kasip.registry import Registry
from kasip.search.entries import SEARCHED_TYPES


def get_registry(request: Request) -> Registry:
    """The registry the app was created with (``app.state.registry``)."""
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(get_registry)]


def get_issuing(request: Request) -> Issuing:
    """The certificates' issuer and keys, from the app's settings (``KASIP_PUBLIC_URL`` ...)."""
    state = request.app.state
    if getattr(state, "issuing", None) is None:
        state.issuing = Issuing.from_settings(state.settings)
    issuing: Issuing = state.issuing
    return issuing


IssuingDep = Annotated[Issuing, Depends(get_issuing)]

# The checks' own expressions, anchored for JSON Schema; at most MAX_ID_LENGTH characters.
STANDARD_KEY_PATTERN = f"^{STANDARD_KEY_RE.pattern}$"
# kasip.model.ids: {code}@{level}[~n]; the code part is any text without "/", "@"
# or a control character.
_CARD = "[^/@\\u0000-\\u001f\\u007f]+@([0-9]+|x)(~[0-9]+)?"
CARD_ID_PATTERN = f"^{_CARD}$"
# kasip.model.ids.parse_element_id: a card and its parts, or a standard's element.
ELEMENT_ID_PATTERN = f"^({_CARD}(/[a-z]+[0-9]*)*|[a-z]+[0-9]*(/[a-z0-9]+)*)$"
# What can be an occupation code of a ladder (surrounding spaces are dropped).
LADDER_CODE_PATTERN = f"^{LADDER_CODE_RE.pattern}$"
# kasip.pages.checks.clean_code: no control characters.
CODE_PATTERN = "^[^\\u0000-\\u001f\\u007f]*$"

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
    Query(
        max_length=64,
        description="Occupation code, as normalised or as written: 2635-3-001.",
        json_schema_extra={"pattern": CODE_PATTERN},
    ),
]
StandardQuery = Annotated[
    str | None,
    Query(
        max_length=MAX_ID_LENGTH,
        description="Standard key, e.g. 292-2019-05-30-kk.",
        json_schema_extra={"pattern": STANDARD_KEY_PATTERN},
    ),
]
VersionQuery = Annotated[
    int | None,
    Query(ge=1, le=1_000_000, description="Version of the standard (default: the latest)."),
]
CardVersionQuery = Annotated[
    int | None,
    Query(
        ge=1,
        le=1_000_000,
        description="Version of the standard `standard` (default: the latest); "
        "without `standard` it is a 400.",
    ),
]
AsOfQuery = Annotated[
    str | None,
    Query(
        max_length=10,
        description="A day, YYYY-MM-DD: the version in force on that day (the latest "
        "`effective_from` on or before it; ties: the higher version). Not with `version`; "
        "a 404 when no version was in force then (before the first took effect).",
        json_schema_extra={"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    ),
]
StandardKey = Annotated[
    str,
    Path(
        description="Standard key, e.g. 292-2019-05-30-kk.",
        json_schema_extra={"maxLength": MAX_ID_LENGTH, "pattern": STANDARD_KEY_PATTERN},
    ),
]
CardId = Annotated[
    str,
    Path(
        description="Card ID: CODE@LEVEL, e.g. 2635-3-001@5.",
        json_schema_extra={"maxLength": MAX_ID_LENGTH, "pattern": CARD_ID_PATTERN},
    ),
]
ElementId = Annotated[
    str,
    Path(
        description="Element ID, e.g. 2635-3-001@5/f1/t2/s3 (a skill) or term1.",
        json_schema_extra={"maxLength": MAX_ID_LENGTH, "pattern": ELEMENT_ID_PATTERN},
    ),
]


def request_language(
    request: Request,
    lang: Annotated[
        str | None,
        Query(
            description="Interface language: kk, ru or en (default: the `kasip_lang` cookie, "
            "then `Accept-Language`, then kk).",
            json_schema_extra={"enum": list(LANGUAGES)},
        ),
    ] = None,
) -> str:
    """The interface language of the request (``lang`` is declared for the OpenAPI document).

    Raises:
        InvalidInput: ``lang`` is not kk, ru or en.
    """
    return choose_language(request)


# The interface language of the request (?lang=, cookie, Accept-Language).
LanguageDep = Annotated[str, Depends(request_language)]

CardIdQuery = Annotated[
    str,
    Query(
        max_length=MAX_ID_LENGTH,
        description="Card ID: CODE@LEVEL, e.g. 2635-3-001@5.",
        json_schema_extra={"pattern": CARD_ID_PATTERN},
    ),
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
    str,
    Path(
        max_length=64,
        description="Occupation code, as normalised or as written.",
        json_schema_extra={"pattern": LADDER_CODE_PATTERN},
    ),
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
        json_schema_extra={"items": {"type": "string", "enum": list(SEARCHED_TYPES)}},
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
    int,
    Query(
        ge=1,
        le=MAX_MATCH_LIMIT,
        description=f"The most occupations (one card each), 1 to {MAX_MATCH_LIMIT}.",
    ),
]

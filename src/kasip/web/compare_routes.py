"""The comparison pages and their JSON twins: compare, career ladder, version history.

Each page and its twin call the same builder (``/compare`` renders what
``/compare.json`` returns). Twins are declared before their pages, since
``{code}`` would match ``2635-3-001.json`` too. The ladder's SVG is drawn in
the interface language of the request, for the page and its twin alike.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from kasip.api.deps import RegistryDep, StandardKey, StandardQuery
from kasip.api.responses import json_response
from kasip.pages.compare import build_compare
from kasip.pages.history import build_history
from kasip.pages.ladder import LadderText, build_ladder
from kasip.web.i18n import choose_language, translations
from kasip.web.render import render_page

__all__ = [
    "CardIdQuery",
    "FromQuery",
    "OccupationCode",
    "ToQuery",
    "ladder_text",
    "router",
]

router = APIRouter(include_in_schema=False)

CardIdQuery = Annotated[
    str, Query(max_length=200, description="Card ID: CODE@LEVEL, e.g. 2635-3-001@5.")
]
OptionalCardIdQuery = Annotated[
    str | None, Query(max_length=200, description="Card ID: CODE@LEVEL, e.g. 2635-3-001@5.")
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


def ladder_text(lang: str) -> LadderText:
    """The words of the ladder drawing in an interface language.

    Example:
        >>> ladder_text("ru").level.format(level=5)
        'Уровень 5'
    """
    _ = translations(lang).gettext
    return LadderText(
        title=_("Career ladder: {name} ({code})"),
        level=_("Level {level}"),
        this_occupation=_("This occupation"),
        related=_("Related occupations"),
        desc_cards=_("Levels 1 to 8 from bottom to top. Cards of {code}: levels {levels}."),
        desc_step=_("Level {source_level} ({source}) leads to level {level}: {target}."),
        legend=_("Solid box: a card of this standard (a link). Dashed box: no card here."),
    )


@router.get("/compare.json", name="compare_json")
def compare_json(
    request: Request,
    registry: RegistryDep,
    a: CardIdQuery,
    b: CardIdQuery,
    standard: StandardQuery = None,
) -> Response:
    """The data of the comparison page."""
    return json_response(request, build_compare(registry, a, b, standard=standard))


@router.get("/compare", name="compare")
def compare(
    request: Request,
    registry: RegistryDep,
    a: OptionalCardIdQuery = None,
    b: OptionalCardIdQuery = None,
    standard: StandardQuery = None,
) -> Response:
    """Two cards side by side; without both IDs, a form to choose them."""
    if not a or not b:
        cards = registry.list_cards(standard=standard)
        return render_page(
            request, "compare.html", {"page": None, "cards": cards, "chosen": (a, b)}
        )
    page = build_compare(registry, a, b, standard=standard)
    return render_page(request, "compare.html", {"page": page, "cards": [], "chosen": (a, b)})


@router.get("/ladder/{code}.json", name="ladder_json")
def ladder_json(
    request: Request, registry: RegistryDep, code: OccupationCode, standard: StandardQuery = None
) -> Response:
    """The data of the career ladder page, with its SVG."""
    text = ladder_text(choose_language(request))
    return json_response(request, build_ladder(registry, code, standard=standard, text=text))


@router.get("/ladder/{code}", name="ladder")
def ladder(
    request: Request, registry: RegistryDep, code: OccupationCode, standard: StandardQuery = None
) -> Response:
    """The career ladder of an occupation: its levels and where they lead."""
    lang = choose_language(request)
    page = build_ladder(registry, code, standard=standard, text=ladder_text(lang))
    return render_page(request, "ladder.html", {"page": page}, lang=lang)


@router.get("/standards/{key}/history.json", name="history_json")
def history_json(
    request: Request,
    registry: RegistryDep,
    key: StandardKey,
    from_version: FromQuery = None,
    to_version: ToQuery = None,
) -> Response:
    """The data of the version history page."""
    page = build_history(registry, key, from_version=from_version, to_version=to_version)
    return json_response(request, page)


@router.get("/standards/{key}/history", name="history")
def history(
    request: Request,
    registry: RegistryDep,
    key: StandardKey,
    from_version: FromQuery = None,
    to_version: ToQuery = None,
) -> Response:
    """The versions of a standard, their amendments, and what changed between two."""
    page = build_history(registry, key, from_version=from_version, to_version=to_version)
    return render_page(request, "history.html", {"page": page})

"""``/api/v1/compare``, ``/api/v1/ladder/{code}``, ``/api/v1/standards/{key}/diff``.

The same builders as the comparison pages and their JSON twins
(:mod:`kasip.web.compare_routes`), so the API and the pages cannot drift apart.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kasip.api.deps import RegistryDep, StandardKey, StandardQuery
from kasip.api.errors import ERROR_RESPONSES
from kasip.api.responses import json_response
from kasip.api.routes import API_PREFIX
from kasip.pages.compare import ComparePage, build_compare
from kasip.pages.history import HistoryPage, build_history
from kasip.pages.ladder import LadderPage, build_ladder
from kasip.web.compare_routes import CardIdQuery, FromQuery, OccupationCode, ToQuery, ladder_text
from kasip.web.i18n import choose_language

router = APIRouter(prefix=API_PREFIX, tags=["compare"], responses=ERROR_RESPONSES)


@router.get("/compare", response_model=ComparePage, name="compare_cards")
def compare_cards(
    request: Request,
    registry: RegistryDep,
    a: CardIdQuery,
    b: CardIdQuery,
    standard: StandardQuery = None,
) -> Response:
    """Compare two cards: what `b` adds, removes and changes relative to `a`.

    Header fields, lists (other names, qualification categories, competencies,
    related occupations), functions, tasks, skills and knowledge; changed texts
    carry a word diff (`ops`: equal / insert / delete).
    """
    return json_response(request, build_compare(registry, a, b, standard=standard))


@router.get("/ladder/{code}", response_model=LadderPage, name="get_ladder")
def get_ladder(
    request: Request, registry: RegistryDep, code: OccupationCode, standard: StandardQuery = None
) -> Response:
    """The career ladder of an occupation code: its cards by level, related occupations, SVG.

    The SVG's words follow the interface language (`?lang=`, cookie, `Accept-Language`).
    """
    text = ladder_text(choose_language(request))
    return json_response(request, build_ladder(registry, code, standard=standard, text=text))


@router.get("/standards/{key}/diff", response_model=HistoryPage, name="diff_versions")
def diff_versions(
    request: Request,
    registry: RegistryDep,
    key: StandardKey,
    from_version: FromQuery = None,
    to_version: ToQuery = None,
) -> Response:
    """What changed between two versions of a standard, element by element.

    Also lists every version with its amendment timeline. Defaults: `to` is
    the latest version, `from` the one before it.
    """
    page = build_history(registry, key, from_version=from_version, to_version=to_version)
    return json_response(request, page)

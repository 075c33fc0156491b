"""``/api/v1/cards``: profession cards, filtered or by ID."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kasip import pages
from kasip.api.deps import (
    CardId,
    CodeQuery,
    LevelQuery,
    PageQuery,
    PerPageQuery,
    RegistryDep,
    StandardQuery,
    TextQuery,
    VersionQuery,
)
from kasip.api.errors import ERROR_RESPONSES
from kasip.api.responses import json_response
from kasip.api.routes import API_PREFIX
from kasip.pages.models import CardPage, CardsPage

router = APIRouter(prefix=f"{API_PREFIX}/cards", tags=["cards"], responses=ERROR_RESPONSES)


# One parameter per query filter: FastAPI builds the parameters from the signature.
@router.get("", response_model=CardsPage, name="list_cards")
def list_cards(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    standard: StandardQuery = None,
    code: CodeQuery = None,
    level: LevelQuery = None,
    q: TextQuery = None,
    page: PageQuery = 1,
    per_page: PerPageQuery = 50,
) -> Response:
    """List the cards of the latest versions that match every filter given."""
    found = pages.build_cards(
        registry, standard=standard, code=code, level=level, q=q, page=page, per_page=per_page
    )
    return json_response(request, found)


@router.get("/{card_id}", response_model=CardPage, name="get_card")
def get_card(
    request: Request,
    registry: RegistryDep,
    card_id: CardId,
    standard: StandardQuery = None,
    version: VersionQuery = None,
) -> Response:
    """A profession card: functions, tasks, skills and knowledge, with its standard."""
    page = pages.build_card(registry, card_id, standard=standard, version=version)
    return json_response(request, page)

"""``/api/v1/elements``: any element by its stable ID."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kasip import pages
from kasip.api.deps import ElementId, RegistryDep, StandardQuery
from kasip.api.errors import ERROR_RESPONSES
from kasip.api.responses import json_response
from kasip.api.routes import API_PREFIX
from kasip.pages.models import ElementPage

router = APIRouter(prefix=f"{API_PREFIX}/elements", tags=["elements"], responses=ERROR_RESPONSES)


@router.get("/{element_id:path}", response_model=ElementPage, name="get_element")
def get_element(
    request: Request, registry: RegistryDep, element_id: ElementId, standard: StandardQuery = None
) -> Response:
    """A labour function, task, skill, knowledge item, term, ... by its ID, with its card."""
    return json_response(request, pages.build_element(registry, element_id, standard=standard))

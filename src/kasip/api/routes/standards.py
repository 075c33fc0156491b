"""``/api/v1/standards``: the standards, one standard, its versions."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kasip import pages
from kasip.api.deps import PageQuery, PerPageQuery, RegistryDep, StandardKey, VersionQuery
from kasip.api.errors import ERROR_RESPONSES
from kasip.api.responses import json_response
from kasip.api.routes import API_PREFIX
from kasip.pages.models import StandardPage, StandardsPage, VersionsPage

router = APIRouter(prefix=f"{API_PREFIX}/standards", tags=["standards"], responses=ERROR_RESPONSES)


@router.get("", response_model=StandardsPage, name="list_standards")
def list_standards(
    request: Request, registry: RegistryDep, page: PageQuery = 1, per_page: PerPageQuery = 50
) -> Response:
    """List the standards in the registry, by key, each described by its latest version."""
    return json_response(request, pages.build_standards(registry, page=page, per_page=per_page))


@router.get("/{key}", response_model=StandardPage, name="get_standard")
def get_standard(
    request: Request, registry: RegistryDep, key: StandardKey, version: VersionQuery = None
) -> Response:
    """A standard: passport, terms, abbreviations, amendment timeline, cards by level."""
    return json_response(request, pages.build_standard(registry, key, version=version))


@router.get("/{key}/versions", response_model=VersionsPage, name="list_versions")
def list_versions(
    request: Request,
    registry: RegistryDep,
    key: StandardKey,
    page: PageQuery = 1,
    per_page: PerPageQuery = 50,
) -> Response:
    """The stored versions of a standard, oldest first: when, from which source text."""
    return json_response(request, pages.build_versions(registry, key, page=page, per_page=per_page))

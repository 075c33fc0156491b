"""The CASE 1.1 REST service, read-only, under ``/ims/case/v1p1`` (issue 15, item 2).

The paths, operation IDs, parameters and answers of the 1EdTech CASE 1.1
REST binding, so that a CASE consumer can pull a standard by URL: the list
of CFDocuments (one per standard, its latest version; paged, ``X-Total-Count``
and ``Link``), a CFDocument, its CFPackage (the JSON ``kasip export --format
case`` writes), a CFItem, an item's associations, a CFAssociation, a
CFItemType. Public, like the card pages; every answer has an ETag. Errors
are the binding's ``imsx_StatusInfo`` (:mod:`kasip.http.case`). Every ``uri``
is under ``KASIP_PUBLIC_URL``, or the address the request came to when it is
not set (:func:`kasip.http.base_url.answer_base_url`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from kasip.export.case_index import CASE_PATH
from kasip.export.case_service import DEFAULT_LIMIT, MAX_LIMIT, check_document_query, link_header
from kasip.http.base_url import answer_base_url
from kasip.http.case import CASE_ERROR_RESPONSES
from kasip.http.deps import RegistryDep
from kasip.http.responses import conditional
from kasip.pages.case_service import (
    Collection,
    case_document_object,
    case_documents,
    case_object,
    case_package,
)

__all__ = ["router"]

router = APIRouter(prefix=CASE_PATH, tags=["CASE 1.1"], responses=CASE_ERROR_RESPONSES)

SourcedId = Annotated[
    str, Path(alias="sourcedId", description="The UUID of the object (its `identifier`).")
]
_JSON_OBJECT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The object, as the CASE 1.1 REST binding shapes it.",
        "content": {"application/json": {"schema": {"type": "object"}}},
        "headers": {"ETag": {"description": "The answer's ETag.", "schema": {"type": "string"}}},
    }
}
_LIST: dict[int | str, dict[str, Any]] = {
    200: {
        **_JSON_OBJECT[200],
        "headers": {
            "X-Total-Count": {"description": "How many CFDocuments there are in all.",
                              "schema": {"type": "integer"}},
            "Link": {"description": "The `first`, `prev`, `next` and `last` pages (RFC 8288).",
                     "schema": {"type": "string"}},
        },
    }
}  # fmt: skip


def _json(request: Request, data: object, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return conditional(request, body, media_type="application/json", headers=headers)


@router.get("/CFDocuments", name="getAllCFDocuments", response_class=Response, responses=_LIST)
def get_all_documents(  # noqa: PLR0913 - one parameter per query option of the binding
    request: Request,
    registry: RegistryDep,
    limit: Annotated[int, Query(description=f"Page size, 1 to {MAX_LIMIT}.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(description="The first record's position, from 0.")] = 0,
    sort: Annotated[
        str | None,
        Query(
            max_length=100,
            description="A CFDocument field to sort by (`title`, `lastChangeDateTime`, ...).",
        ),
    ] = None,
    order_by: Annotated[
        str | None, Query(alias="orderBy", max_length=10, description="`asc` or `desc`.")
    ] = None,
    fields: Annotated[
        list[str] | None,
        Query(description="Only these CFDocument fields (repeated, or comma-separated)."),
    ] = None,
    filter_text: Annotated[
        str | None, Query(alias="filter", max_length=1000, description="Not supported: refused.")
    ] = None,
) -> Response:
    """Every standard's CFDocument (its latest version), a page at a time, by key."""
    query = check_document_query(limit=limit, offset=offset, sort=sort, order_by=order_by,
                                 fields=fields or (), filter_text=filter_text)  # fmt: skip
    public_url = answer_base_url(request)
    found = case_documents(registry, public_url=public_url, query=query)
    headers = {"X-Total-Count": str(found.total)}
    if found.total:
        headers["Link"] = link_header(f"{public_url}{CASE_PATH}/CFDocuments", query, found.total)
    return _json(request, {"CFDocuments": found.documents}, headers)


@router.get("/CFDocuments/{sourcedId}", name="getCFDocument", response_class=Response,
            responses=_JSON_OBJECT)  # fmt: skip
def get_document(request: Request, registry: RegistryDep, sourced_id: SourcedId) -> Response:
    """The CFDocument, with its `CFPackageURI`."""
    found = case_document_object(registry, sourced_id, public_url=answer_base_url(request))
    return _json(request, found)


@router.get("/CFPackages/{sourcedId}", name="getCFPackage", response_class=Response,
            responses=_JSON_OBJECT)  # fmt: skip
def get_package(request: Request, registry: RegistryDep, sourced_id: SourcedId) -> Response:
    """The whole CFPackage of the CFDocument: what `kasip export --format case` writes."""
    package = case_package(registry, sourced_id, public_url=answer_base_url(request))
    return conditional(request, package.text.encode("utf-8"), media_type="application/json")


def _object(request: Request, registry: RegistryDep, collection: Collection, sid: str) -> Response:
    return _json(
        request, case_object(registry, collection, sid, public_url=answer_base_url(request))
    )


@router.get("/CFItems/{sourcedId}", name="getCFItem", response_class=Response,
            responses=_JSON_OBJECT)  # fmt: skip
def get_item(request: Request, registry: RegistryDep, sourced_id: SourcedId) -> Response:
    """The CFItem, with its `CFDocumentURI`."""
    return _object(request, registry, "CFItems", sourced_id)


@router.get("/CFItemAssociations/{sourcedId}", name="getCFItemAssociations",
            response_class=Response, responses=_JSON_OBJECT)  # fmt: skip
def get_item_associations(
    request: Request, registry: RegistryDep, sourced_id: SourcedId
) -> Response:
    """The CFItem and every association whose origin or destination it is."""
    return _object(request, registry, "CFItemAssociations", sourced_id)


@router.get("/CFAssociations/{sourcedId}", name="getCFAssociation", response_class=Response,
            responses=_JSON_OBJECT)  # fmt: skip
def get_association(request: Request, registry: RegistryDep, sourced_id: SourcedId) -> Response:
    """The CFAssociation, with its `CFDocumentURI`."""
    return _object(request, registry, "CFAssociations", sourced_id)


@router.get("/CFItemTypes/{sourcedId}", name="getCFItemType", response_class=Response,
            responses=_JSON_OBJECT)  # fmt: skip
def get_item_type(request: Request, registry: RegistryDep, sourced_id: SourcedId) -> Response:
    """The CFItemType (a set of one: kasip's item types have no children)."""
    return _object(request, registry, "CFItemTypes", sourced_id)

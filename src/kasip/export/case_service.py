"""The objects of the CASE 1.1 REST service, shaped from a package, and its document list.

A package (:mod:`kasip.export.case`) holds its objects as the binding's
``CFPckg*`` types; outside a package the binding's types add links back to the
service: a CFDocument its ``CFPackageURI``, a CFItem and a CFAssociation their
``CFDocumentURI``. In the service, the ``uri`` of an association and of an
item type is its own service URL (a file's ``urn:uuid:`` cannot be followed);
a CFDocument's and a CFItem's ``uri`` stay kasip's permalinks (their pages).

Example:
    >>> document = {"identifier": "d", "title": "T", "uri": "https://x/standards/k"}
    >>> service_document(document, service="https://x/ims/case/v1p1")["CFPackageURI"]["uri"]
    'https://x/ims/case/v1p1/CFPackages/d'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from kasip.export.case_index import CaseRequestError
from kasip.export.case_vocabulary import ITEM_TYPES, item_type_uuid

__all__ = [
    "DEFAULT_LIMIT",
    "DOCUMENT_FIELDS",
    "MAX_LIMIT",
    "DocumentQuery",
    "check_document_query",
    "item_associations",
    "item_type_set",
    "link_header",
    "page_documents",
    "service_association",
    "service_document",
    "service_item",
]

Json = dict[str, Any]
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# CFDocumentDType's properties (CASE 1.1 REST binding): what ``fields`` may name.
DOCUMENT_FIELDS = (
    "identifier", "uri", "frameworkType", "caseVersion", "creator", "title",
    "lastChangeDateTime", "officialSourceURL", "publisher", "description", "subject",
    "subjectURI", "language", "version", "adoptionStatus", "statusStartDate", "statusEndDate",
    "licenseURI", "notes", "extensions", "CFPackageURI",
)  # fmt: skip
# What ``sort`` may name: the CFDocument's fields that hold one text each.
SORT_FIELDS = (
    "identifier", "uri", "creator", "title", "lastChangeDateTime", "publisher", "description",
    "language", "version", "notes",
)  # fmt: skip
_ORDERS = ("asc", "desc")


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """The list's query: paging (``limit``, ``offset``), ``sort`` and ``orderBy``, ``fields``."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str | None = None
    order_by: str = "asc"
    fields: tuple[str, ...] = ()


def check_document_query(  # noqa: PLR0913 - one keyword per parameter of the binding
    *,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    sort: str | None = None,
    order_by: str | None = None,
    fields: Sequence[str] = (),
    filter_text: str | None = None,
) -> DocumentQuery:
    """The query of ``getAllCFDocuments``, checked.

    ``fields`` may come as several parameters or comma-separated. ``filter`` is
    not supported: rather than answer an unfiltered list, the service refuses it.

    Raises:
        CaseRequestError: A bad parameter (``invalid_selection_field``; a bad
            ``sort`` or ``orderBy``: ``invalid_sort_field``).

    Example:
        >>> check_document_query(limit=5, sort="title", order_by="desc", fields=["title,uri"])
        DocumentQuery(limit=5, offset=0, sort='title', order_by='desc', fields=('title', 'uri'))
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise _selection(f"limit must be 1 to {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise _selection(f"offset must be 0 or more, not {offset}")
    if filter_text is not None:
        raise _selection("filter is not supported by this service")
    if sort is not None and sort not in SORT_FIELDS:
        raise CaseRequestError(
            f"cannot sort by {sort[:40]!r}; sort by one of {', '.join(SORT_FIELDS)}",
            code_minor="invalid_sort_field",
        )
    if order_by is not None and order_by not in _ORDERS:
        raise CaseRequestError(
            f"orderBy must be asc or desc, not {order_by[:40]!r}", code_minor="invalid_sort_field"
        )
    chosen = tuple(f.strip() for value in fields for f in value.split(",") if f.strip())
    unknown = [f for f in chosen if f not in DOCUMENT_FIELDS]
    if unknown:
        raise _selection(f"unknown field {unknown[0][:40]!r} of CFDocument")
    return DocumentQuery(limit, offset, sort, order_by or "asc", tuple(dict.fromkeys(chosen)))


def _selection(message: str) -> CaseRequestError:
    return CaseRequestError(message, code_minor="invalid_selection_field")


def page_documents(documents: Sequence[Json], query: DocumentQuery) -> list[Json]:
    """The page of ``documents`` the query asks for: sorted, cut, each with its fields."""
    found = list(documents)
    if query.sort is not None:
        sort = query.sort
        found.sort(key=lambda d: str(d.get(sort, "")), reverse=query.order_by == "desc")
    elif query.order_by == "desc":
        found.reverse()
    page = found[query.offset : query.offset + query.limit]
    if query.fields:
        page = [{f: d[f] for f in query.fields if f in d} for d in page]
    return page


def link_header(url: str, query: DocumentQuery, total: int) -> str:
    """The ``Link`` header of a page (RFC 8288): ``first``, ``prev``, ``next``, ``last``.

    Example:
        >>> header = link_header("https://x/CFDocuments", DocumentQuery(limit=2, offset=2), 5)
        >>> header.split(", ")[0]
        '<https://x/CFDocuments?limit=2&offset=4>; rel="next"'
        >>> [part.split("; ")[1] for part in header.split(", ")]
        ['rel="next"', 'rel="last"', 'rel="first"', 'rel="prev"']
    """
    limit, offset = query.limit, query.offset
    last = max(0, (total - 1) // limit * limit)
    pages: list[tuple[str, int]] = []
    if offset + limit < total:
        pages.append(("next", offset + limit))
    pages += [("last", last), ("first", 0)]
    if offset > 0:
        pages.append(("prev", max(0, offset - limit)))
    return ", ".join(f'<{_page_url(url, query, at)}>; rel="{rel}"' for rel, at in pages)


def _page_url(url: str, query: DocumentQuery, offset: int) -> str:
    params: list[tuple[str, str | int]] = [("limit", query.limit), ("offset", offset)]
    if query.sort is not None:
        params += [("sort", query.sort), ("orderBy", query.order_by)]
    if query.fields:
        params.append(("fields", ",".join(query.fields)))
    return f"{url}?{urlencode(params)}"


def service_document(document: Json, *, service: str) -> Json:
    """A package's CFDocument as the service gives it: with its ``CFPackageURI``."""
    identifier = document["identifier"]
    link = {"identifier": identifier, "title": document["title"],
            "uri": f"{service}/CFPackages/{identifier}"}  # fmt: skip
    return {**document, "CFPackageURI": link}


def _document_link(document: Mapping[str, Any], service: str) -> Json:
    identifier = document["identifier"]
    return {"identifier": identifier, "title": document["title"],
            "uri": f"{service}/CFDocuments/{identifier}"}  # fmt: skip


def service_item(item: Json, document: Json, *, service: str) -> Json:
    """A package's CFItem as the service gives it: with its ``CFDocumentURI``, and its
    ``CFItemTypeURI`` pointing to the item type in the service."""
    result = {**item, "CFDocumentURI": _document_link(document, service)}
    type_link = item.get("CFItemTypeURI")
    if type_link is not None:
        uri = f"{service}/CFItemTypes/{type_link['identifier']}"
        result["CFItemTypeURI"] = {**type_link, "uri": uri}
    return result


def service_association(association: Json, document: Json | None, *, service: str) -> Json:
    """A package's CFAssociation with its service URL as ``uri``, and its ``CFDocumentURI``
    unless ``document`` is ``None`` (in a CFItemAssociations set the binding has none)."""
    result = {**association, "uri": f"{service}/CFAssociations/{association['identifier']}"}
    if document is not None:
        result["CFDocumentURI"] = _document_link(document, service)
    return result


def item_associations(
    package: Json, item: Json, *, service: str, others: Sequence[Json] = ()
) -> Json:
    """``getCFItemAssociations``: the item and every association that starts or ends at it.

    ``others`` are the packages of other standards that may hold associations ending
    at the item (a Kazakh item's ``isTranslationOf`` is in its translation's package).
    """
    identifier = item["identifier"]
    found = [
        service_association(a, None, service=service)
        for held in (package, *others)
        for a in held.get("CFAssociations", [])
        if identifier in (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    ]
    document = package["CFDocument"]
    return {"CFItem": service_item(item, document, service=service), "CFAssociations": found}


def item_type_set(identifier: str, *, changed: str, service: str) -> Json | None:
    """``getCFItemType``: the item type with ``identifier`` (kasip's types have no children,
    their hierarchy codes being flat), or ``None``.

    Example:
        >>> found = item_type_set(item_type_uuid("Skill"), changed="2023-01-13T00:00:00+00:00",
        ...                       service="https://x/ims/case/v1p1")
        >>> found["CFItemTypes"][0]["title"]
        'Skill'
    """
    for name, description in ITEM_TYPES.items():
        if item_type_uuid(name) == identifier:
            item_type = {
                "identifier": identifier,
                "uri": f"{service}/CFItemTypes/{identifier}",
                "title": name,
                "description": description,
                "hierarchyCode": name,
                "lastChangeDateTime": changed,
            }
            return {"CFItemTypes": [item_type]}
    return None

"""The CASE 1.1 REST service's answers, read from the registry (issue 15, item 2).

A consumer asks by UUID. :func:`case_index` keeps, per state of the registry
(one for every public URL: no identifier depends on it), which standard and
element each UUID names (:mod:`kasip.export.case_index`, made from the outline
of the latest versions: no card text). An object is then taken from its standard's package,
written by :func:`kasip.export.case.write_case` exactly as ``kasip export
--format case --standard KEY`` writes it (a Russian text's with its Kazakh
edition's latest version, for ``isTranslationOf``); the last few packages are kept. The list of
CFDocuments is made once per state, in the same load as the index, from the
versions' frames (each document without its cards:
:func:`kasip.store.outline.read_frames`), so no card is parsed; the base URL
(the request's Host when ``KASIP_PUBLIC_URL`` is unset) is added per answer.

Example:
    >>> import json
    >>> from kasip.registry import open_registry
    >>> from kasip.testing import make_document
    >>> with open_registry("sqlite://") as registry:
    ...     _ = registry.import_documents([make_document()])
    ...     listing = case_documents(registry, public_url="https://x.kz")
    ...     first = listing.documents[0]["identifier"]
    ...     package = json.loads(case_package(registry, first, public_url="https://x.kz").text)
    >>> listing.total, package["CFDocument"]["identifier"] == first
    (1, True)
"""

from __future__ import annotations

import json
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Literal

from sqlalchemy import Connection

from kasip.export.case import EXPORTED_TYPES, case_document, document_uri, write_case
from kasip.export.case_index import (
    CASE_PATH,
    CaseIndex,
    CaseNotFound,
    CaseTarget,
    build_case_index,
    check_sourced_id,
)
from kasip.export.case_links import translation_source
from kasip.export.case_service import (
    DocumentQuery,
    item_associations,
    item_type_set,
    page_documents,
    service_association,
    service_document,
    service_item,
)
from kasip.export.case_vocabulary import ITEM_TYPES, item_type_uuid
from kasip.export.formats import ExportOptions
from kasip.model import Document
from kasip.pages.cache import load_document
from kasip.pages.exports import recorded_versions
from kasip.registry import Registry
from kasip.search.snapshot import GenerationCache
from kasip.store.outline import read_frames, read_outline

__all__ = [
    "CaseDocumentList",
    "CasePackage",
    "case_document_object",
    "case_documents",
    "case_index",
    "case_object",
    "case_package",
    "service_url",
]

Json = dict[str, Any]
Collection = Literal["CFItems", "CFItemAssociations", "CFAssociations", "CFItemTypes"]
PACKAGES_KEPT = 8
_EPOCH = "1970-01-01T00:00:00+00:00"


@dataclass(frozen=True, slots=True)
class CaseDocumentList:
    """A page of CFDocuments and how many there are in all (``X-Total-Count``)."""

    total: int
    documents: list[Json]


@dataclass(frozen=True, slots=True)
class CasePackage:
    """A standard's package: the JSON text ``kasip export --format case`` writes, and parsed."""

    text: str
    data: Json


class _CaseState:
    """What the service knows of one registry state, under no base URL.

    The index and the versions' frames are read in one load, on one connection;
    the CFDocuments are made from them once, by the first request that needs
    them (the others wait), and kept with them, so a list never pairs with
    another state's index. Each document's ``uri`` is made per answer
    (:func:`_with_base`): a request's Host header (the base when
    KASIP_PUBLIC_URL is unset) costs no rebuild.
    """

    def __init__(self, index: CaseIndex, frames: dict[str, tuple[int, str | None]]) -> None:
        self.index = index
        self._frames = frames
        self._lock = threading.Lock()
        self._documents: tuple[tuple[str, Json], ...] | None = None

    def documents(self, registry: Registry) -> tuple[tuple[str, Json], ...]:
        """Each standard's key and CFDocument, its ``uri`` still to be made."""
        with self._lock:
            if self._documents is None:
                self._documents = _make_documents(registry, self.index, self._frames)
                self._frames = {}  # no longer needed
            return self._documents


def _make_documents(
    registry: Registry, index: CaseIndex, frames: dict[str, tuple[int, str | None]]
) -> tuple[tuple[str, Json], ...]:
    # The base is "" here: _with_base writes each answer's uri.
    return tuple(
        (
            key,
            case_document(
                _frame(registry, key, version, frames), _options(registry, key, version, "")
            ),
        )
        for key, version in index.versions.items()
    )


class _Service:
    """What the service keeps for one registry: its present state, the last packages."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        # One index and document list per registry state, for every base URL.
        self.states: GenerationCache[_CaseState] = GenerationCache(
            _load_state, stale_while_loading=False
        )
        self.packages: OrderedDict[tuple[Any, ...], CasePackage] = OrderedDict()


_SERVICES: weakref.WeakKeyDictionary[Registry, _Service] = weakref.WeakKeyDictionary()
_SERVICES_LOCK = threading.Lock()


def _service(registry: Registry) -> _Service:
    with _SERVICES_LOCK:
        found = _SERVICES.get(registry)
        if found is None:
            found = _SERVICES[registry] = _Service()
        return found


def service_url(public_url: str) -> str:
    """The base URL of the CASE service under kasip's public URL.

    Example:
        >>> service_url("https://kasip.kz/")
        'https://kasip.kz/ims/case/v1p1'
    """
    return public_url.rstrip("/") + CASE_PATH


def _load_state(conn: Connection) -> _CaseState:
    # No identifier depends on the base (issue 15, item 1).
    index = build_case_index(read_outline(conn, types=EXPORTED_TYPES), base="")
    return _CaseState(index, read_frames(conn))


def _case_state(registry: Registry) -> _CaseState:
    """The index and document list of the registry's present state (kept per state)."""
    cache = _service(registry).states
    with registry.engine.connect() as conn:
        return cache.get(conn)


def case_index(registry: Registry, *, public_url: str) -> CaseIndex:
    """The UUID index of the registry's present state (kept per state).

    ``public_url`` is kept for callers: no identifier depends on it.
    """
    del public_url
    return _case_state(registry).index


def _with_base(key: str, document: Json, base: str) -> Json:
    """A kept CFDocument as the service answers it under ``base``."""
    located = {**document, "uri": document_uri(base, key)}
    return service_document(located, service=service_url(base))


def _all_documents(registry: Registry, base: str) -> list[Json]:
    documents = _case_state(registry).documents(registry)
    return [_with_base(key, doc, base) for key, doc in documents]


def _frame(
    registry: Registry, key: str, version: int, frames: dict[str, tuple[int, str | None]]
) -> Document:
    """The version's document without its cards: a CFDocument needs none of them."""
    held = frames.get(key)
    if held is not None and held[0] == version and held[1] is not None:
        return Document.model_validate_json(held[1])
    return load_document(registry, key, version).document


def case_documents(
    registry: Registry, *, public_url: str, query: DocumentQuery | None = None
) -> CaseDocumentList:
    """``getAllCFDocuments``: one CFDocument per standard (its latest version), a page of them."""
    base = public_url.rstrip("/")
    documents = _all_documents(registry, base)
    return CaseDocumentList(len(documents), page_documents(documents, query or DocumentQuery()))


def _find(registry: Registry, sourced_id: str, base: str) -> tuple[CaseIndex, CaseTarget, str]:
    identifier = check_sourced_id(sourced_id)
    index = case_index(registry, public_url=base)
    target = index.find(identifier)
    if target is None:
        raise CaseNotFound(f"no object has the identifier {identifier}", code_minor="unknownobject")
    return index, target, identifier


def _options(registry: Registry, key: str, version: int, base: str) -> ExportOptions:
    """The options ``kasip export --format case --standard KEY`` writes the version with."""
    return ExportOptions(public_url=base, versions=recorded_versions(registry, key, version))


def _package(registry: Registry, index: CaseIndex, key: str, base: str) -> CasePackage:
    state = _service(registry)
    version = index.versions[key]
    options = _options(registry, key, version, base)
    # The Kazakh edition's latest version, as kasip export --standard KEY links to it.
    kazakh = _kazakh_edition(index, key)
    # A confirmed effective date (statusStartDate) or an official source
    # (officialSourceURL) may be set on a stored version.
    entry = (key, version, base, options.versions, kazakh)
    with state.lock:
        found = state.packages.get(entry)
        if found is not None:
            state.packages.move_to_end(entry)
            return found
    doc = load_document(registry, key, version).document
    if kazakh is not None:
        options = replace(options, editions=(load_document(registry, *kazakh).document,))
    text = write_case([doc], options)
    package = CasePackage(text, json.loads(text))
    with state.lock:
        state.packages[entry] = package
        while len(state.packages) > PACKAGES_KEPT:
            state.packages.popitem(last=False)
    return package


def _kazakh_edition(index: CaseIndex, key: str) -> tuple[str, int] | None:
    """The key and latest version of the Kazakh edition ``key``'s package links to."""
    source = translation_source(key)
    if source is None or source not in index.versions:
        return None
    return source, index.versions[source]


def case_package(registry: Registry, sourced_id: str, *, public_url: str) -> CasePackage:
    """``getCFPackage``: the package of the CFDocument ``sourced_id``.

    Raises:
        CaseNotFound: Not a UUID, or no CFDocument has it.
    """
    base = public_url.rstrip("/")
    index, target, identifier = _find(registry, sourced_id, base)
    if target.kind != "document":
        raise CaseNotFound(f"no CFDocument has the identifier {identifier}",
                           code_minor="unknownobject")  # fmt: skip
    return _package(registry, index, target.key, base)


def case_document_object(registry: Registry, sourced_id: str, *, public_url: str) -> Json:
    """``getCFDocument``: the CFDocument ``sourced_id`` with its ``CFPackageURI``.

    Raises:
        CaseNotFound: Not a UUID, or no CFDocument has it.
    """
    base = public_url.rstrip("/")
    _, target, identifier = _find(registry, sourced_id, base)
    if target.kind != "document":
        raise CaseNotFound(f"no CFDocument has the identifier {identifier}",
                           code_minor="unknownobject")  # fmt: skip
    # From the kept list, not a package written only for its CFDocument.
    for key, document in _case_state(registry).documents(registry):
        if key == target.key:
            return _with_base(key, document, base)
    # The index and the list are of one state: only a standard gone since gets here.
    raise CaseNotFound(f"no CFDocument has the identifier {identifier}", code_minor="unknownobject")


def case_object(
    registry: Registry, collection: Collection, sourced_id: str, *, public_url: str
) -> Json:
    """``getCFItem``, ``getCFItemAssociations``, ``getCFAssociation`` or ``getCFItemType``.

    Raises:
        CaseNotFound: Not a UUID, or no object of that collection has it.
    """
    base = public_url.rstrip("/")
    service = service_url(base)
    if collection == "CFItemTypes":
        return _item_type(registry, sourced_id, base)
    index, target, identifier = _find(registry, sourced_id, base)
    wanted = "association" if collection == "CFAssociations" else "item"
    if target.kind != wanted:
        raise CaseNotFound(f"no {collection[:-1]} has the identifier {identifier}",
                           code_minor="unknownobject")  # fmt: skip
    package = _package(registry, index, target.key, base).data
    document = package["CFDocument"]
    if collection == "CFAssociations":
        found = _by_identifier(package["CFAssociations"], identifier)
        return service_association(found, document, service=service)
    item = _by_identifier(package["CFItems"], identifier)
    if collection == "CFItems":
        return service_item(item, document, service=service)
    # A Kazakh item's isTranslationOf associations are in its translations' packages.
    others = [
        _package(registry, index, k, base).data for k in index.translated_by.get(target.key, ())
    ]
    return item_associations(package, item, service=service, others=others)


def _by_identifier(objects: list[Json], identifier: str) -> Json:
    for found in objects:
        if found["identifier"] == identifier:
            return found
    # The index is made from the same outline as the package: only a registry
    # changed between the two reads gets here.
    raise CaseNotFound(f"no object has the identifier {identifier}", code_minor="unknownobject")


def _item_type(registry: Registry, sourced_id: str, base: str) -> Json:
    identifier = check_sourced_id(sourced_id)
    if identifier not in {item_type_uuid(name) for name in ITEM_TYPES}:
        raise CaseNotFound(f"no CFItemType has the identifier {identifier}",
                           code_minor="unknownobject")  # fmt: skip
    # Every package holds the item types with its own date: the service gives the latest.
    dates = [d["lastChangeDateTime"] for _, d in _case_state(registry).documents(registry)]
    changed = max(dates, default=_EPOCH)
    found = item_type_set(identifier, changed=changed, service=service_url(base))
    assert found is not None  # checked above
    return found

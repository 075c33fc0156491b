"""Which standard a CASE identifier belongs to: the index the CASE service looks UUIDs up in.

Every identifier of a package (:mod:`kasip.export.case`) is a uuid5, which
cannot be inverted; so the service computes them all once per state of the
registry from the outline of the latest versions (standard keys, element IDs,
parents, types and text digests: :func:`kasip.store.outline.read_outline`, no
card text held) and keeps ``UUID → (standard, element)``. No identifier depends
on the public URL.

Example:
    >>> from kasip.store.outline import OutlineRow
    >>> rows = [OutlineRow("k", 1, "2635-3-001@6", None, "card"),
    ...         OutlineRow("k", 1, "2635-3-001@6/f1", "2635-3-001@6", "function", "d1")]
    >>> index = build_case_index(rows, base="https://kasip.example")
    >>> from kasip.export.case import statement_uuid
    >>> index.find(statement_uuid("k", "2635-3-001@6", "function", "d1", 1))
    CaseTarget(kind='item', key='k', element_id='2635-3-001@6/f1')
    >>> len(index), index.keys
    (5, ('k',))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from kasip.errors import InvalidInput, NotFound
from kasip.export.case import (
    EXPORTED_TYPES,
    association_uuid,
    card_of,
    document_uuid,
    element_uuids,
)
from kasip.export.case_links import precedes, translation_source
from kasip.store.outline import OutlineRow

__all__ = [
    "CASE_PATH",
    "CaseIndex",
    "CaseNotFound",
    "CaseRequestError",
    "CaseTarget",
    "build_case_index",
    "check_sourced_id",
]

# The CASE 1.1 REST binding's base path: every service URL is under it.
CASE_PATH = "/ims/case/v1p1"
# The binding's identifier pattern (CASE 1.1 OpenAPI, e.g. CFItemDType.identifier):
# a UUID of versions 1 to 5, RFC 4122 variant, lower-case hexadecimal.
_UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_UUID_LENGTH = 36

CaseKind = Literal["document", "item", "association"]
# The binding's codeMinor values for the errors the service gives.
CodeMinor = Literal[
    "unknownobject", "invalid_uuid", "invalid_selection_field", "invalid_sort_field"
]


class CaseNotFound(NotFound):
    """No object has that identifier (``unknownobject``), or it is no UUID (``invalid_uuid``)."""

    def __init__(self, message: str, *, code_minor: CodeMinor) -> None:
        """Say what was not found, and the binding's code for it."""
        super().__init__(message)
        self.code_minor = code_minor


class CaseRequestError(InvalidInput):
    """A query parameter the service cannot apply (``invalid_selection_field`` or
    ``invalid_sort_field``)."""

    def __init__(self, message: str, *, code_minor: CodeMinor) -> None:
        """Say which parameter is wrong, and the binding's code for it."""
        super().__init__(message)
        self.code_minor = code_minor


@dataclass(frozen=True, slots=True)
class CaseTarget:
    """What an identifier names: a standard's CFDocument, a CFItem (its element ID) or a
    CFAssociation (the element ID of its origin)."""

    kind: CaseKind
    key: str
    element_id: str = ""


class CaseIndex:
    """UUID → :class:`CaseTarget` for every standard's latest version, and each one's version."""

    def __init__(
        self,
        targets: Mapping[str, CaseTarget],
        versions: Mapping[str, int],
        translated_by: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Hold the targets by UUID, the version of each standard (by key, in key order)
        and, by a Kazakh edition's key, the keys of the editions whose packages carry
        ``isTranslationOf`` to its items."""
        self._targets = targets
        self.versions = versions
        self.keys = tuple(versions)
        self.translated_by: Mapping[str, tuple[str, ...]] = translated_by or {}

    def __len__(self) -> int:
        """The number of identifiers held."""
        return len(self._targets)

    def __iter__(self) -> Iterator[str]:
        """The identifiers held."""
        return iter(self._targets)

    def find(self, sourced_id: str) -> CaseTarget | None:
        """The target of ``sourced_id``, or ``None``."""
        return self._targets.get(sourced_id)


def check_sourced_id(sourced_id: str) -> str:
    """A ``sourcedId`` of the path as a UUID in lower case.

    Raises:
        CaseNotFound: It is not a UUID (``invalid_uuid``: the binding answers 404).

    Example:
        >>> check_sourced_id("0B6E8A4C-5D3B-5E0E-9F1A-1C2D3E4F5A6B")
        '0b6e8a4c-5d3b-5e0e-9f1a-1c2d3e4f5a6b'
    """
    found = sourced_id.strip().lower()
    if len(found) != _UUID_LENGTH or not _UUID_RE.fullmatch(found):
        shown = sourced_id[:40]
        raise CaseNotFound(f"invalid UUID {shown!r}", code_minor="invalid_uuid")
    return found


def build_case_index(rows: Iterable[OutlineRow], *, base: str) -> CaseIndex:
    """Every identifier the packages of the standards in ``rows`` hold, but item types.

    Args:
        rows: The outline of each standard's latest version, grouped by standard key
            (:func:`~kasip.store.outline.read_outline`).
        base: The public URL the packages' permalinks are made with (kept for
            callers: no identifier depends on it).

    Returns:
        The index: each CFDocument, CFItem, and ``isChildOf``, ``precedes`` and
        ``isTranslationOf`` association, as :func:`~kasip.export.case.write_case`
        writes them for one standard with its Kazakh edition from the registry.
    """
    del base  # identifiers are the same under every public URL (issue 15, item 1)
    targets: dict[str, CaseTarget] = {}
    versions: dict[str, int] = {}
    standards: dict[str, list[OutlineRow]] = {}
    for row in rows:
        versions.setdefault(row.key, row.version)
        if row.type in EXPORTED_TYPES:
            standards.setdefault(row.key, []).append(row)
    uuids = {key: _uuids(key, rows) for key, rows in standards.items()}
    translated_by: dict[str, tuple[str, ...]] = {}
    for key in versions:
        exported = standards.get(key, [])
        targets[document_uuid(key)] = CaseTarget("document", key)
        targets.update(_standard_targets(key, exported, uuids.get(key, {})))
        source = translation_source(key)
        if source is not None and source in standards:
            found = dict(_translation_targets(key, exported, uuids[key], uuids[source]))
            targets.update(found)
            if found:  # the editions share at least one element
                translated_by[source] = (*translated_by.get(source, ()), key)
    return CaseIndex(targets, versions, translated_by)


def _uuids(key: str, rows: Sequence[OutlineRow]) -> dict[str, str]:
    """Each element's UUID, as the package computes it: cards first, then the elements in
    their document order (an occurrence number counts within one card and type)."""
    return element_uuids(key, ((row, row.digest) for row in rows))


def _standard_targets(
    key: str, exported: Sequence[OutlineRow], uuids: Mapping[str, str]
) -> Iterator[tuple[str, CaseTarget]]:
    top = document_uuid(key)
    for row in exported:
        origin = uuids[row.element_id]
        yield origin, CaseTarget("item", key, row.element_id)
        # A card's parent, and any element's outside the exported types, is the document.
        parent = uuids.get(row.parent_id, top) if row.parent_id else top
        link = association_uuid(origin, "isChildOf", parent)
        yield link, CaseTarget("association", key, row.element_id)
    for lower, higher in precedes(exported):
        link = association_uuid(uuids[lower.element_id], "precedes", uuids[higher.element_id])
        yield link, CaseTarget("association", key, lower.element_id)


def _translation_targets(
    key: str, exported: Sequence[OutlineRow], ours: Mapping[str, str], theirs: Mapping[str, str]
) -> Iterator[tuple[str, CaseTarget]]:
    """``isTranslationOf`` from each element of ``key`` to the Kazakh element with its ID
    (every element both editions hold)."""
    for row in exported:
        found = theirs.get(row.element_id)
        # Within the cards both hold (a card's UUID is its ID's), the elements both hold.
        if found is not None and card_of(row) in theirs:
            link = association_uuid(ours[row.element_id], "isTranslationOf", found)
            yield link, CaseTarget("association", key, row.element_id)

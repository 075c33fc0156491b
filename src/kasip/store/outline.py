"""The outline of every standard's latest version: element IDs, parents, types, text digests.

What the CASE service needs to find which standard a UUID belongs to
(:mod:`kasip.export.case_index`): one row per element, and of each element's
text only its digest (:func:`statement_digest`, computed while the rows are read,
so the texts are never all held at once): CASE identifiers are made from it.

Example:
    >>> from kasip.store import open_store
    >>> from kasip.testing import make_document
    >>> with open_store("sqlite://") as store:
    ...     _ = store.import_documents([make_document()])
    ...     with store.engine.connect() as conn:
    ...         rows = read_outline(conn)
    >>> rows[0][2:5], rows[1][2:5]
    (('2635-3-001@6', None, 'card'), ('2635-3-001@6/f1', '2635-3-001@6', 'function'))
    >>> rows[0].digest, len(rows[1].digest)
    ('', 32)
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import NamedTuple

from sqlalchemy import Connection, select

from kasip.store.repo import is_latest_version, standards_with_versions
from kasip.store.schema import cards, elements, standard_versions, standards

__all__ = ["OutlineRow", "read_frames", "read_outline", "statement_digest"]

_ELEMENT_COLUMNS = (
    standards.c.key,
    standard_versions.c.version,
    elements.c.element_id,
    elements.c.parent_id,
    elements.c.type,
    elements.c.text,
    elements.c.card_id,
)


def statement_digest(text: str) -> str:
    """A digest of an element's text, blind to layout: NFC, whitespace runs collapsed.

    Example:
        >>> statement_digest(" Есеп  жүргізу\\n") == statement_digest("Есеп жүргізу")
        True
    """
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]


class OutlineRow(NamedTuple):
    """One element of a standard's latest version: where it is in the tree."""

    key: str
    version: int
    element_id: str
    parent_id: str | None
    type: str
    # The element's :func:`statement_digest` (empty for a card: its ID names it).
    digest: str = ""
    # The card the element belongs to ("" when not read: its ID's first part).
    card_id: str = ""

    @property
    def id(self) -> str:
        """The element ID (as :class:`~kasip.model.elements.ElementRef` names it)."""
        return self.element_id


def read_outline(conn: Connection, *, types: frozenset[str] | None = None) -> list[OutlineRow]:
    """Every card and element of every standard's latest version, by standard key: each
    standard's cards first, then its other elements in the order they were written.

    Args:
        conn: A connection to the registry.
        types: Only elements of these types (all when ``None``; cards are always read).
    """
    sv = standard_versions
    latest = standards_with_versions()
    card_query = (
        select(standards.c.key, sv.c.version, cards.c.card_id)
        .select_from(latest.join(cards, cards.c.version_id == sv.c.id))
        .where(is_latest_version())
        .order_by(standards.c.key, cards.c.id)
    )
    found: dict[str, list[OutlineRow]] = {}
    for key, version, card_id in conn.execute(card_query):
        row = OutlineRow(key, version, card_id, None, "card", "", card_id)
        found.setdefault(key, []).append(row)
    element_query = (
        select(*_ELEMENT_COLUMNS)
        .select_from(latest.join(elements, elements.c.version_id == sv.c.id))
        .where(is_latest_version())
        .order_by(standards.c.key, elements.c.id)  # the order they were written: the walk's
        # PostgreSQL: a server-side cursor, so the texts of every element are not all
        # buffered before the loop hashes them (only the digest is kept).
        .execution_options(yield_per=1000)
    )
    if types is not None:
        element_query = element_query.where(elements.c.type.in_(sorted(types)))
    for key, version, element_id, parent_id, kind, text, card in conn.execute(element_query):
        digest = statement_digest(text)
        row = OutlineRow(key, version, element_id, parent_id, kind, digest, card or "")
        found.setdefault(key, []).append(row)
    return [row for key in sorted(found) for row in found[key]]


def read_frames(conn: Connection) -> dict[str, tuple[int, str | None]]:
    """Each standard's latest version and its frame (the document without its cards), by key.

    What a list of standards' own fields needs (the CASE service's CFDocuments) without
    parsing any card. The frame is ``None`` in a row written before migration 0007 until
    the registry remakes its rows; the caller then reads the whole document.

    Example:
        >>> from kasip.store import open_store
        >>> from kasip.testing import make_document
        >>> with open_store("sqlite://") as store:
        ...     _ = store.import_documents([make_document()])
        ...     with store.engine.connect() as conn:
        ...         frames = read_frames(conn)
        >>> version, frame = frames["292-2019-05-30-kk"]
        >>> version, '"cards":[]' in (frame or "")
        (1, True)
    """
    sv = standard_versions
    query = (
        select(standards.c.key, sv.c.version, sv.c.frame_json)
        .select_from(standards_with_versions())
        .where(is_latest_version())
        .order_by(standards.c.key)
    )
    return {key: (version, frame) for key, version, frame in conn.execute(query)}

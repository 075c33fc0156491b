"""Flatten a document into the rows of the ``cards`` and ``elements`` tables.

Pure functions (no SQL here: that is :mod:`kasip.store.repo`), over the one
walk of a document (:func:`kasip.model.elements.walk`). The rows are derived
data: :func:`ensure_current_rows` rebuilds them from the stored documents
when this kasip derives them otherwise than the one that wrote them.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from kasip.model import Document
from kasip.model.elements import ElementRef, walk
from kasip.store.documents import each_document
from kasip.store.meta import read_meta, write_meta
from kasip.store.schema import cards, elements, standard_versions

logger = logging.getLogger(__name__)

Row = dict[str, Any]

# Bump when the rows are derived otherwise: registries rebuild them when next
# opened. 2026-12-06: every element type has a row (directory requirements,
# categories, related occupations, the directory relation, rows kept as read).
# 2026-12-06.2: each card's JSON, and each version's frame (migration 0007).
ROWS_VERSION = "2026-12-06.2"


def frame_json(doc: Document) -> str:
    """``doc`` without its cards, as JSON: what a card page shows of its standard."""
    return doc.model_copy(update={"cards": ()}).model_dump_json()


def card_rows(version_id: int, doc: Document) -> list[Row]:
    """Return one ``cards`` row per profession card of ``doc``.

    Args:
        version_id: The ``standard_versions.id`` the rows belong to.
        doc: The document.

    Returns:
        Rows in document order; ``position`` is 1-based.
    """
    return [
        {
            "version_id": version_id,
            "card_id": card.id,
            "code": card.code,
            "code_as_written": card.code_as_written,
            "level": card.level,
            "name": card.name,
            "title": card.title,
            "position": position,
            "card_json": card.model_dump_json(),
        }
        for position, card in enumerate(doc.cards, start=1)
    ]


def element_rows(version_id: int, doc: Document) -> list[Row]:
    """Return one ``elements`` row per element of ``doc`` but its cards, in document order.

    Args:
        version_id: The ``standard_versions.id`` the rows belong to.
        doc: The document.

    Returns:
        Rows for the standard-level elements, then for each card's elements.

    Example:
        >>> from kasip.testing import make_document
        >>> rows = element_rows(1, make_document())
        >>> [(r["type"], r["element_id"], r["parent_id"]) for r in rows][:3]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('function', '2635-3-001@6/f1', '2635-3-001@6'),
         ('task', '2635-3-001@6/f1/t1', '2635-3-001@6/f1'),
         ('skill', '2635-3-001@6/f1/t1/s1', '2635-3-001@6/f1/t1')]
    """
    return [_row(version_id, ref) for ref in walk(doc) if ref.type != "card"]


def _row(version_id: int, ref: ElementRef) -> Row:
    number = getattr(ref.element, "number", None)
    span = ref.span
    return {
        "version_id": version_id,
        "element_id": ref.id,
        "card_id": ref.card_id,
        "parent_id": ref.parent_id,
        "type": ref.type,
        "position": ref.position,
        "number": None if number is None else str(number),
        "text": ref.text,
        "line_start": span.line_start,
        "line_end": span.line_end,
        "char_start": span.start,
        "char_end": span.end,
    }


def rows_are_current(conn: Connection) -> bool:
    """Whether the rows were derived as this kasip derives them."""
    return read_meta(conn, "rows_version") == ROWS_VERSION


def ensure_current_rows(conn: Connection) -> bool:
    """Rebuild every version's ``cards`` and ``elements`` rows (and frame) if another kasip
    derived them.

    Called when the store is opened, in one transaction.

    Returns:
        Whether the rows were rebuilt.
    """
    if rows_are_current(conn):
        return False
    stored = conn.execute(select(standard_versions.c.id)).scalars().all()
    conn.execute(delete(elements))
    conn.execute(delete(cards))
    count = 0
    for version_id, doc in each_document(conn, stored):
        conn.execute(
            update(standard_versions)
            .where(standard_versions.c.id == version_id)
            .values(frame_json=frame_json(doc))
        )
        for table, rows in (
            (cards, card_rows(version_id, doc)),
            (elements, element_rows(version_id, doc)),
        ):
            if rows:
                conn.execute(insert(table), rows)
        count += 1
    write_meta(conn, "rows_version", ROWS_VERSION)
    if count:
        logger.info("rebuilt the cards and elements rows of %d stored versions", count)
    return True

"""The match pieces in the registry: one per standard, written by its import.

Each import of a new version stores the version's piece
(:mod:`kasip.match.pieces`) in the same transaction as its search entries;
a process that needs the match index reads the pieces and joins them
(:func:`kasip.match.index.assemble`), which takes about a second at 700
standards instead of reading every element again.

Pieces depend on the analysis (stemmers, lexicon) and on their own format:
``match_version`` in ``registry_meta`` records what made them, and a registry
made by another kasip rebuilds them when opened (:func:`ensure_current_pieces`).
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, delete, insert, select

from kasip.match.index import MatchIndex, assemble
from kasip.match.pieces import FORMAT, read_piece
from kasip.match.reading import read_document
from kasip.search.analysis import Analyzer
from kasip.search.indexer import keys_version
from kasip.store.documents import each_document
from kasip.store.meta import read_meta, write_meta
from kasip.store.repo import latest_versions
from kasip.store.schema import match_pieces, standards

__all__ = [
    "ensure_current_pieces",
    "load_match_index",
    "pieces_are_current",
    "rebuild_pieces",
    "write_piece",
]

logger = logging.getLogger(__name__)

_META_KEY = "match_version"


def match_version() -> str:
    """What the stored pieces are made with: their format and the analysis."""
    return f"{FORMAT}:{keys_version()}"


def write_piece(conn: Connection, *, standard_id: int, version_id: int, data: bytes) -> None:
    """Store the piece of a standard's new latest version (in the import's transaction)."""
    conn.execute(delete(match_pieces).where(match_pieces.c.standard_id == standard_id))
    conn.execute(
        insert(match_pieces).values(standard_id=standard_id, version_id=version_id, data=data)
    )


def pieces_are_current(conn: Connection) -> bool:
    """Whether the stored pieces were made by this kasip."""
    return read_meta(conn, _META_KEY) == match_version()


def ensure_current_pieces(conn: Connection) -> bool:
    """Rebuild every piece when they were made by another kasip (or never).

    Returns:
        Whether they were rebuilt.
    """
    if pieces_are_current(conn):
        return False
    rebuild_pieces(conn)
    write_meta(conn, _META_KEY, match_version())
    return True


def rebuild_pieces(conn: Connection) -> int:
    """Make the piece of every standard's latest version anew.

    Returns:
        The number of pieces written.
    """
    conn.execute(delete(match_pieces))
    written = 0
    standard_of = latest_versions(conn)
    for version_id, doc in each_document(conn, standard_of):
        reading = read_document(doc)
        write_piece(
            conn, standard_id=standard_of[version_id], version_id=version_id, data=reading.piece
        )
        written += 1
    logger.info("match pieces rebuilt: %d standards", written)
    return written


def load_match_index(conn: Connection, analyzer: Analyzer) -> MatchIndex:
    """Join the stored pieces into the index (standards in key order).

    ``analyzer`` reads the matched texts' words (the search snapshot's).
    """
    query = (
        select(standards.c.key, match_pieces.c.data)
        .join(standards, standards.c.id == match_pieces.c.standard_id)
        .order_by(standards.c.key)
    )
    return assemble([(key, read_piece(bytes(data))) for key, data in conn.execute(query)], analyzer)

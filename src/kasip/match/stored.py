"""The match pieces in the registry: one per standard, written by its import.

Each import of a new version stores the version's piece
(:mod:`kasip.match.pieces`) in the same transaction as its search entries;
a process that needs the match index reads the pieces and joins them
(:func:`kasip.match.join.assemble`), which takes about two seconds at 700
standards instead of reading every element again. The pieces also hold
what search ranks with (:mod:`kasip.search.ranking`).

Pieces depend on the analysis (stemmers, lexicon) and on their own format:
``match_version`` in ``registry_meta`` records what made them, and a registry
made by another kasip rebuilds them when opened (:func:`ensure_current_pieces`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, delete, func, insert, select

from kasip.match.index import MatchIndex
from kasip.match.join import assemble
from kasip.match.mapped import index_path, open_index, prune, save_index
from kasip.match.pieces import FORMAT, Piece, read_piece
from kasip.match.reading import read_document
from kasip.search.analysis import Analyzer
from kasip.search.indexer import keys_version
from kasip.search.snapshot import generation
from kasip.store.documents import each_document
from kasip.store.meta import read_meta, write_meta
from kasip.store.repo import latest_versions
from kasip.store.schema import match_pieces, search_entries, standard_versions, standards

__all__ = [
    "MatchFiles",
    "ensure_current_pieces",
    "load_match_index",
    "pieces_are_current",
    "pieces_fingerprint",
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

    Raises:
        ValueError: A standard's search entries and its piece disagree
            (:class:`kasip.search.ranking.SearchJoin`).
    """
    order = (
        select(standards.c.key, match_pieces.c.standard_id)
        .join(standards, standards.c.id == match_pieces.c.standard_id)
        .order_by(standards.c.key)
    )
    found = conn.execute(order).all()
    rows = _search_rows(conn)
    empty = np.zeros(0, dtype=np.int64)
    query = (
        select(standards.c.key, match_pieces.c.data)
        .join(standards, standards.c.id == match_pieces.c.standard_id)
        .order_by(standards.c.key)
        # A few rows at a time (PostgreSQL: a server-side cursor): joining
        # holds one piece, not all of them (kasip.match.join).
        .execution_options(yield_per=4)
    )

    def pieces() -> Iterator[tuple[str, Piece]]:
        for key, data in conn.execute(query):
            yield key, read_piece(bytes(data))

    return assemble(
        pieces, analyzer, rows=[rows.get(standard_id, empty) for _, standard_id in found]
    )


def _search_rows(conn: Connection) -> dict[int, NDArray[np.int64]]:
    """Each standard's search entries' row ids, in the order they were stored.

    Ids grow with each insert (SQLite gives a new row the largest id plus one,
    PostgreSQL's sequence only grows), and an import stores a standard's
    entries in one statement, in their order. Usually they are one run of
    ids, read as its ends; those of a standard imported beside others on
    PostgreSQL may interleave with theirs and are read one by one (432,000 ids
    at 700 standards took a quarter of a second of the join).
    """
    e = search_entries.c
    spans = conn.execute(
        select(e.standard_id, func.min(e.id), func.max(e.id), func.count()).group_by(e.standard_id)
    ).all()
    found: dict[int, NDArray[np.int64]] = {}
    scattered: list[tuple[int, int]] = []
    for standard_id, low, high, count in sorted(spans):
        if high - low + 1 == count:
            found[standard_id] = np.arange(low, high + 1, dtype=np.int64)
        else:
            scattered.append((standard_id, count))
    if scattered:
        # As integers: a row object per id took 11 s for 432,000 of them.
        wanted = [standard_id for standard_id, _ in scattered]
        query = select(e.id).where(e.standard_id.in_(wanted)).order_by(e.standard_id, e.id)
        ids = np.fromiter(conn.execute(query).scalars(), dtype=np.int64)
        parts = np.split(ids, np.cumsum([count for _, count in scattered])[:-1])
        found |= dict(zip(wanted, parts, strict=True))
    return found


def pieces_fingerprint(conn: Connection) -> str:
    """What the joined index of the stored pieces is made of, as a hash.

    The identity of each standard's stored text (in key order), what the
    pieces are made with (a piece is a function of its text and of those) and
    the registry's generation (the search entries' row ids).
    About a millisecond at 700 standards (one row per standard).
    """
    query = (
        select(standards.c.key, standard_versions.c.identity_sha256)
        .select_from(match_pieces)
        .join(standards, standards.c.id == match_pieces.c.standard_id)
        .join(standard_versions, standard_versions.c.id == match_pieces.c.version_id)
        .order_by(standards.c.key)
    )
    # The generation too: rebuilding the search index gives its entries new
    # row ids (the index keeps them) while every text stays the same.
    digest = hashlib.sha256(f"{match_version()}\n{generation(conn)}".encode())
    for key, identity in conn.execute(query):
        digest.update(f"\n{key}\t{identity}".encode())
    return digest.hexdigest()


class MatchFiles:
    """A registry's joined match indexes, kept as files in ``directory`` (see
    :mod:`kasip.match.mapped`); ``None`` keeps them in memory only (a registry
    in memory, or a directory that cannot be written)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def load(self, conn: Connection, analyzer: Analyzer) -> MatchIndex:
        """The index of the state ``conn`` reads: mapped from its file, or joined
        from the pieces and its file written (when it cannot be, it is logged
        and the joined index served from memory)."""
        if self.directory is None:
            return load_match_index(conn, analyzer)
        fingerprint = pieces_fingerprint(conn)
        path = index_path(self.directory, fingerprint)
        found = open_index(path, analyzer, fingerprint=fingerprint)
        if found is not None:
            return found
        joined = load_match_index(conn, analyzer)
        try:
            save_index(joined, path, fingerprint=fingerprint)
        except OSError as exc:
            logger.warning("the match index could not be kept in %s: %s", self.directory, exc)
            return joined
        prune(self.directory, keep=path)
        # Mapped, so that this process shares its pages with the others; the
        # joined copy is let go first (at 700 standards both would be 530 MB).
        del joined
        mapped = open_index(path, analyzer, fingerprint=fingerprint)
        return mapped if mapped is not None else load_match_index(conn, analyzer)

"""Keep the search index in step with the registry, inside the import's transaction.

Only the latest version of a standard is searched: importing a new version
replaces its standard's entries. Search ranks over arrays kept with the match
pieces (:mod:`kasip.search.ranking`), which list a standard's entries in the
order they are written here: one statement, in the order given.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import fields
from functools import cache
from importlib.resources import files

from sqlalchemy import Connection, delete, insert, select

from kasip.search.entries import Entry, document_entries
from kasip.search.statistics import TokenCounts, write_tokens
from kasip.store.db import lock_name
from kasip.store.documents import each_document
from kasip.store.meta import read_meta, write_meta
from kasip.store.repo import latest_versions
from kasip.store.schema import search_entries, search_tokens
from kasip.text.lexicon import LEXICON_PATH

__all__ = [
    "bump_generation",
    "ensure_current_keys",
    "index_version",
    "keys_are_current",
    "keys_version",
    "rebuild_index",
]

# Bump when the stemmers or the way entries are keyed change: registries then
# re-key their index when next opened. The lexicon's content is hashed in.
ANALYSIS_VERSION = "2026-12-07"

logger = logging.getLogger(__name__)

_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


def index_version(
    conn: Connection,
    *,
    standard_id: int,
    version_id: int,
    entries: Sequence[Entry],
    counts: TokenCounts,
) -> int:
    """Make ``entries`` (version ``version_id``'s, see
    :func:`~kasip.search.entries.document_entries`) the searched text of its standard.

    The change to the token counts is added to ``counts``: the caller writes
    them once for all its standards (:func:`~kasip.search.statistics.write_tokens`),
    then calls :func:`bump_generation` once, in the same transaction.

    Returns:
        The number of entries written.
    """
    e = search_entries.c
    ours = e.standard_id == standard_id
    counts.add(conn.execute(select(e["keys"], e.xkeys, e.lang).where(ours)).all(), sign=-1)
    conn.execute(delete(search_entries).where(ours))
    ids = {"standard_id": standard_id, "version_id": version_id}
    # Field by field: dataclasses.asdict copies recursively, a tenth of an import's time.
    rows = [ids | {name: getattr(entry, name) for name in _ENTRY_FIELDS} for entry in entries]
    if rows:
        conn.execute(insert(search_entries), rows)
    counts.add((row["keys"], row["xkeys"], row["lang"]) for row in rows)
    return len(rows)


def rebuild_index(conn: Connection) -> int:
    """Re-index the latest version of every standard (after a migration or a key change).

    Returns:
        The number of entries written.
    """
    total = 0
    bump_generation(conn)
    # Counted anew: a rebuild also repairs statistics that went wrong.
    conn.execute(delete(search_entries))
    conn.execute(delete(search_tokens))
    counts = TokenCounts()
    standard_of = latest_versions(conn)
    for version_id, doc in each_document(conn, standard_of):
        entries = document_entries(doc)
        ids = {"standard_id": standard_of[version_id], "version_id": version_id}
        total += index_version(conn, **ids, entries=entries, counts=counts)
    write_tokens(conn, counts)
    logger.info("search index rebuilt: %d entries", total)
    return total


def bump_generation(conn: Connection) -> None:
    """Tell the caches that the index changed (in the writing transaction, at its end).

    Row ids of search_entries are reused on SQLite, so caches cannot tell a
    re-indexed standard from the old one by them; this counter only grows.
    On PostgreSQL, imports of different standards run side by side: the
    lock makes the read and the write one step, and it is held from here to
    the commit, so callers bump last.
    """
    lock_name(conn, "kasip:generation")
    write_meta(conn, "generation", str(int(read_meta(conn, "generation") or 0) + 1))


@cache
def keys_version() -> str:
    """The version of the analysis the keys are made with (see ANALYSIS_VERSION)."""
    lexicon = (files("kasip") / LEXICON_PATH).read_bytes()
    return f"{ANALYSIS_VERSION}:{hashlib.sha256(lexicon).hexdigest()[:16]}"


def keys_are_current(conn: Connection) -> bool:
    """Whether the index was keyed by this kasip's analysis."""
    return read_meta(conn, "keys_version") == keys_version()


def ensure_current_keys(conn: Connection) -> bool:
    """Re-key the whole index when it was made by another analysis (or never).

    Called when a registry is opened: a newer kasip (a larger lexicon, a
    better stemmer) must not search keys made by an older one.

    Returns:
        Whether the index was rebuilt.
    """
    if keys_are_current(conn):
        return False
    rebuild_index(conn)
    write_meta(conn, "keys_version", keys_version())
    return True

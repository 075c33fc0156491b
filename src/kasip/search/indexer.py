"""Keep the search index in step with the registry, inside the import's transaction.

Only the latest version of a standard is searched: importing a new version
replaces its standard's entries. On SQLite, triggers created by migration 0002
copy every insert and delete into the FTS5 table, so this module writes the
portable ``search_entries`` table only.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from sqlalchemy import Connection, delete, insert, select

from kasip.model import Document
from kasip.search.entries import document_entries
from kasip.store.repo import is_latest_version, standards_with_versions
from kasip.store.schema import search_entries, standard_versions

__all__ = ["index_version", "rebuild_index"]

logger = logging.getLogger(__name__)


def index_version(conn: Connection, *, standard_id: int, version_id: int, doc: Document) -> int:
    """Make ``doc`` (version ``version_id``) the searched text of its standard.

    Returns:
        The number of entries written.
    """
    conn.execute(delete(search_entries).where(search_entries.c.standard_id == standard_id))
    rows = [
        {"standard_id": standard_id, "version_id": version_id, **asdict(entry)}
        for entry in document_entries(doc)
    ]
    if rows:
        conn.execute(insert(search_entries), rows)
    return len(rows)


def rebuild_index(conn: Connection) -> int:
    """Re-index the latest version of every standard (after a migration or a key change).

    Returns:
        The number of entries written.
    """
    sv = standard_versions.c
    query = (
        select(sv.standard_id, sv.id, sv.document_json)
        .select_from(standards_with_versions())
        .where(is_latest_version())
    )
    total = 0
    for standard_id, version_id, document_json in conn.execute(query).all():
        doc = Document.model_validate_json(document_json)
        total += index_version(conn, standard_id=standard_id, version_id=version_id, doc=doc)
    logger.info("search index rebuilt: %d entries", total)
    return total

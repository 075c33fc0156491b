"""The store: parsed standards, versioned, in SQLite or PostgreSQL.

It knows nothing of search or matching (they build on it, see
:mod:`kasip.registry`).

Example:
    >>> from kasip.store import open_store
    >>> from kasip.testing import make_document
    >>> with open_store("sqlite://") as reg:
    ...     _ = reg.import_documents([make_document()])
    ...     [(s.key, s.latest_version, s.cards) for s in reg.list_standards()]
    [('292-2019-05-30-kk', 1, 1)]
"""

from kasip.store.importer import PreparedDocument, StoredVersion, prepare_document
from kasip.store.records import (
    CardLocation,
    CardSummary,
    ElementLocation,
    ImportResult,
    ImportStatus,
    StandardSummary,
    VersionSummary,
)
from kasip.store.store import Store, display_url, open_engine, open_store

__all__ = [
    "CardLocation",
    "CardSummary",
    "ElementLocation",
    "ImportResult",
    "ImportStatus",
    "PreparedDocument",
    "StandardSummary",
    "Store",
    "StoredVersion",
    "VersionSummary",
    "display_url",
    "open_engine",
    "open_store",
    "prepare_document",
]

"""The registry: a versioned, queryable store of parsed standards.

Example:
    >>> from kasip.store import open_registry
    >>> from kasip.testing import make_document
    >>> with open_registry("sqlite://") as reg:
    ...     _ = reg.import_documents([make_document()])
    ...     [(s.key, s.latest_version, s.cards) for s in reg.list_standards()]
    [('292-2019-05-30-kk', 1, 1)]
"""

from kasip.store.records import (
    CardLocation,
    CardSummary,
    ElementLocation,
    ImportResult,
    ImportStatus,
    StandardSummary,
    VersionSummary,
)
from kasip.store.registry import Registry, open_registry

__all__ = [
    "CardLocation",
    "CardSummary",
    "ElementLocation",
    "ImportResult",
    "ImportStatus",
    "Registry",
    "StandardSummary",
    "VersionSummary",
    "open_registry",
]

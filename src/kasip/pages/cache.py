"""Stored documents, parsed once: an LRU cache per registry, and an index of IDs.

A stored version of a standard never changes (a changed text becomes a new
version), so the parsed :class:`~kasip.model.Document` of ``(key, version)``
can be kept and shared by every request. Parsing a whole document takes
about 0.1 s; looking it up again takes microseconds.

The cache belongs to the registry object (a weak reference): two registries
may hold different texts under the same key and version, e.g. in tests.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from kasip.model import Document, ProfessionCard
from kasip.model.elements import ElementRef, walk
from kasip.registry import Registry

CACHE_SIZE = 32


@dataclass(frozen=True)
class LoadedDocument:
    """A stored version of a standard with its elements indexed by ID."""

    key: str
    version: int
    document: Document
    elements: Mapping[str, ElementRef]

    def card(self, card_id: str) -> ProfessionCard | None:
        """Return the card with ``card_id``, or ``None``."""
        found = self.elements.get(card_id)
        if found is None or not isinstance(found.element, ProfessionCard):
            return None
        return found.element


class DocumentCache:
    """A thread-safe LRU cache of :class:`LoadedDocument` by ``(key, version)``."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        """Keep at most ``size`` documents."""
        self._size = size
        self._items: OrderedDict[tuple[str, int], LoadedDocument] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, registry: Registry, key: str, version: int) -> LoadedDocument:
        """Return the document, reading it from the registry on a miss.

        Raises:
            NotFound: No such standard or version.
        """
        with self._lock:
            found = self._items.get((key, version))
            if found is not None:
                self._items.move_to_end((key, version))
                return found
        # Read outside the lock: two threads may both read a missing document,
        # which is harmless, while one slow read never blocks cached lookups.
        loaded = index_document(key, version, registry.export_document(key, version=version))
        with self._lock:
            self._items[(key, version)] = loaded
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return loaded


_CACHES: weakref.WeakKeyDictionary[Registry, DocumentCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def load_document(registry: Registry, key: str, version: int | None = None) -> LoadedDocument:
    """Return a stored version of a standard, parsed and indexed, from the cache.

    Args:
        registry: The registry.
        key: The standard's key.
        version: The version; the latest when ``None``.

    Raises:
        NotFound: No such standard or version.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     loaded = load_document(reg, "292-2019-05-30-kk")
        ...     (loaded.version, loaded.elements["2635-3-001@6/f1/t1/s1"].type)
        (1, 'skill')
    """
    if version is None:
        version = registry.versions(key)[-1].version
    with _CACHES_LOCK:
        cache = _CACHES.get(registry)
        if cache is None:
            cache = _CACHES[registry] = DocumentCache()
    return cache.get(registry, key, version)


def index_document(key: str, version: int, doc: Document) -> LoadedDocument:
    """Index every element of ``doc`` by its ID (the first of duplicates wins)."""
    index: dict[str, ElementRef] = {}
    for element in walk(doc):
        index.setdefault(element.id, element)
    return LoadedDocument(key, version, doc, index)

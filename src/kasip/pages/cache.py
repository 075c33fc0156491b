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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pydantic import BaseModel

from kasip.model import (
    Abbreviation,
    CardField,
    DirectoryRelation,
    Document,
    ProfessionCard,
    RelatedOccupation,
    SourceSpan,
    Standard,
    Term,
    Unit,
)
from kasip.pages.models import ElementType
from kasip.registry import Registry

CACHE_SIZE = 32
# The main text of the other elements, in order of preference: a card's name
# (not its title), a function's or task's title, an item's text, a raw note.
_TEXT_ATTRIBUTES = ("name", "title", "text", "raw")


@dataclass(frozen=True)
class IndexedElement:
    """An element of a document found by its ID.

    Attributes:
        id: The element's ID.
        type: ``card``, ``function``, ``task``, ``skill``, ``knowledge``,
            ``other_name``, ``directory_requirements``,
            ``qualification_category``, ``related_occupation``,
            ``directory_relation``, ``card_field``, ``term``,
            ``abbreviation``, ``occupation`` or ``amendment``.
        element: The model object.
        card_id: The card it belongs to (its own ID for a card); ``None`` for
            standard-level elements.
        parent_id: The ID of the element or card it is part of.
    """

    id: str
    type: ElementType
    element: BaseModel
    card_id: str | None
    parent_id: str | None

    @property
    def text(self) -> str:
        """The element's main text: a title, an item's text, a name, a note."""
        el = self.element
        if isinstance(el, Term):
            return f"{el.term} – {el.definition}"
        if isinstance(el, Abbreviation):
            return f"{el.abbreviation} – {el.expansion}"
        if isinstance(el, CardField):
            return f"{el.label}: {el.value}"
        if isinstance(el, RelatedOccupation):
            return "; ".join(el.names)
        if isinstance(el, DirectoryRelation):
            return el.positions
        for attr in _TEXT_ATTRIBUTES:
            value = getattr(el, attr, None)
            if isinstance(value, str):
                return value
        return ""

    @property
    def span(self) -> SourceSpan:
        """Where the element stands in the source text."""
        span = getattr(self.element, "source" if self.type == "card" else "span")
        assert isinstance(span, SourceSpan)
        return span


@dataclass(frozen=True)
class LoadedDocument:
    """A stored version of a standard with its elements indexed by ID."""

    key: str
    version: int
    document: Document
    elements: Mapping[str, IndexedElement]

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
    """Index every element of ``doc`` that has an ID (the first of duplicates wins)."""
    index: dict[str, IndexedElement] = {}
    for element in _standard_elements(doc.standard):
        index.setdefault(element.id, element)
    for card in doc.cards:
        for element in _card_elements(card):
            if element.id:
                index.setdefault(element.id, element)
    return LoadedDocument(key, version, doc, index)


def _standard_elements(std: Standard) -> Iterator[IndexedElement]:
    groups: list[tuple[ElementType, tuple[BaseModel, ...]]] = [
        ("amendment", std.amendments),
        ("term", std.terms),
        ("abbreviation", std.abbreviations),
        ("occupation", std.occupations),
    ]
    for kind, elements in groups:
        for element in elements:
            yield IndexedElement(str(getattr(element, "id", "")), kind, element, None, None)


def _card_elements(card: ProfessionCard) -> Iterator[IndexedElement]:
    cid = card.id

    def part(kind: ElementType, element: BaseModel, parent: str = cid) -> IndexedElement:
        return IndexedElement(str(getattr(element, "id", "")), kind, element, cid, parent)

    yield IndexedElement(cid, "card", card, cid, None)
    yield from (part("other_name", name) for name in card.other_names)
    if card.directory_requirements is not None:
        requirements = card.directory_requirements
        yield part("directory_requirements", requirements)
        for category in requirements.categories:
            yield part("qualification_category", category, requirements.id or cid)
    for function in card.functions:
        yield part("function", function)
        for task in function.tasks:
            yield from _task_elements(cid, function.id, task)
    yield from (part("related_occupation", related) for related in card.related)
    if card.directory_relation is not None:
        yield part("directory_relation", card.directory_relation)
    yield from (part("card_field", field) for field in card.fields)


def _task_elements(card_id: str, function_id: str, task: Unit) -> Iterator[IndexedElement]:
    yield IndexedElement(task.id, "task", task, card_id, function_id)
    for item in task.skills:
        yield IndexedElement(item.id, "skill", item, card_id, task.id)
    for item in task.knowledge:
        yield IndexedElement(item.id, "knowledge", item, card_id, task.id)

"""Flatten a document into the rows of the ``cards`` and ``elements`` tables.

Pure functions: no SQL here (that is :mod:`kasip.store.repo`). See
:mod:`kasip.store.schema` for what each column means.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kasip.model import Document, ProfessionCard, SourceSpan, Standard, Unit

Row = dict[str, Any]


class _Element(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def span(self) -> SourceSpan: ...


@dataclass(frozen=True)
class _Parent:
    version_id: int
    card_id: str | None
    parent_id: str | None


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
        }
        for position, card in enumerate(doc.cards, start=1)
    ]


def element_rows(version_id: int, doc: Document) -> list[Row]:
    """Return one ``elements`` row per element of ``doc``, in document order.

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
    rows = list(_standard_elements(version_id, doc.standard))
    for card in doc.cards:
        rows.extend(_card_elements(version_id, card))
    return rows


def _row(parent: _Parent, kind: str, position: int, element: _Element, text: str) -> Row:
    number = getattr(element, "number", None)
    return {
        "version_id": parent.version_id,
        "element_id": element.id,
        "card_id": parent.card_id,
        "parent_id": parent.parent_id,
        "type": kind,
        "position": position,
        "number": None if number is None else str(number),
        "text": text,
        "line_start": element.span.line_start,
        "line_end": element.span.line_end,
        "char_start": element.span.start,
        "char_end": element.span.end,
    }


def _rows(parent: _Parent, kind: str, elements: Sequence[_Element], texts: list[str]) -> list[Row]:
    return [
        _row(parent, kind, position, element, text)
        for position, (element, text) in enumerate(zip(elements, texts, strict=True), start=1)
    ]


def _standard_elements(version_id: int, std: Standard) -> Iterator[Row]:
    top = _Parent(version_id, None, None)
    yield from _rows(top, "term", std.terms, [f"{t.term} – {t.definition}" for t in std.terms])
    yield from _rows(
        top,
        "abbreviation",
        std.abbreviations,
        [f"{a.abbreviation} – {a.expansion}" for a in std.abbreviations],
    )
    yield from _rows(top, "occupation", std.occupations, [o.name for o in std.occupations])
    yield from _rows(top, "amendment", std.amendments, [a.raw for a in std.amendments])


def _card_elements(version_id: int, card: ProfessionCard) -> Iterator[Row]:
    in_card = _Parent(version_id, card.id, card.id)
    yield from _rows(in_card, "other_name", card.other_names, [o.name for o in card.other_names])
    for position, function in enumerate(card.functions, start=1):
        yield _row(in_card, "function", position, function, function.title)
        in_function = _Parent(version_id, card.id, function.id)
        for task_position, task in enumerate(function.tasks, start=1):
            yield _row(in_function, "task", task_position, task, task.title)
            yield from _item_elements(version_id, card.id, task)


def _item_elements(version_id: int, card_id: str, task: Unit) -> Iterator[Row]:
    in_task = _Parent(version_id, card_id, task.id)
    yield from _rows(in_task, "skill", task.skills, [item.text for item in task.skills])
    yield from _rows(in_task, "knowledge", task.knowledge, [item.text for item in task.knowledge])

"""A document as a flat sequence of its elements: the one walk every part of kasip uses.

:func:`walk` yields every element that has an ID (see
:data:`kasip.model.vocabulary.ELEMENT_TYPES`) with its type, its card and its
parent; the store indexes them (the ``elements`` table), search reads their
texts, the pages find them by ID. :func:`element_text` is an element's main
text, :func:`display_text` an item's text with the parser's repairs applied.

Example:
    >>> from kasip.testing import make_document
    >>> [(e.type, e.id) for e in walk(make_document())][:4]  # doctest: +NORMALIZE_WHITESPACE
    [('card', '2635-3-001@6'), ('function', '2635-3-001@6/f1'),
     ('task', '2635-3-001@6/f1/t1'), ('skill', '2635-3-001@6/f1/t1/s1')]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from kasip.model import (
    Abbreviation,
    Amendment,
    CardField,
    DirectoryRelation,
    DirectoryRequirements,
    Document,
    Item,
    LabourFunction,
    Occupation,
    OtherName,
    ProfessionCard,
    QualificationCategory,
    RelatedOccupation,
    SourceSpan,
    Standard,
    Term,
    Unit,
)
from kasip.model.vocabulary import ElementType

__all__ = [
    "CardItem",
    "Element",
    "ElementRef",
    "card_items",
    "count_elements",
    "display_text",
    "element_text",
    "walk",
]

Element = (
    ProfessionCard
    | LabourFunction
    | Unit
    | Item
    | OtherName
    | DirectoryRequirements
    | QualificationCategory
    | RelatedOccupation
    | DirectoryRelation
    | CardField
    | Term
    | Abbreviation
    | Occupation
    | Amendment
)


@dataclass(frozen=True)
class ElementRef:
    """An element of a document with where it stands.

    Attributes:
        id: The element's ID.
        type: Its type.
        element: The model object.
        card_id: The card it belongs to (its own ID for a card); ``None`` for
            the standard's own elements.
        parent_id: The ID of the element or card it is part of (``None`` for
            a card and for the standard's own elements).
        position: Its 1-based position among its parent's elements of its type.
    """

    id: str
    type: ElementType
    element: Element
    card_id: str | None
    parent_id: str | None
    position: int

    @property
    def text(self) -> str:
        """The element's main text (see :func:`element_text`)."""
        return element_text(self.element)

    @property
    def span(self) -> SourceSpan:
        """Where the element stands in the source text."""
        if isinstance(self.element, ProfessionCard):
            return self.element.source
        return self.element.span


def walk(doc: Document) -> Iterator[ElementRef]:
    """Every element of ``doc`` that has an ID: the standard's, then each card's.

    A card is followed by its other names, directory requirements (and their
    categories), labour functions (each with its tasks, each task with its
    skills and knowledge), related occupations, directory relation and the
    rows kept as read.
    """
    yield from _standard_elements(doc.standard)
    for card in doc.cards:
        yield from _card_elements(card)


def _group(
    kind: ElementType,
    elements: Sequence[Element],
    card_id: str | None,
    parent_id: str | None,
) -> Iterator[ElementRef]:
    for position, element in enumerate(elements, start=1):
        if element.id:  # a row kept as read has no ID before the card gives it one
            yield ElementRef(element.id, kind, element, card_id, parent_id, position)


def _standard_elements(std: Standard) -> Iterator[ElementRef]:
    yield from _group("term", std.terms, None, None)
    yield from _group("abbreviation", std.abbreviations, None, None)
    yield from _group("occupation", std.occupations, None, None)
    yield from _group("amendment", std.amendments, None, None)


def _card_elements(card: ProfessionCard) -> Iterator[ElementRef]:
    cid = card.id
    yield ElementRef(cid, "card", card, cid, None, 1)
    yield from _group("other_name", card.other_names, cid, cid)
    requirements = card.directory_requirements
    if requirements is not None:
        yield from _group("directory_requirements", [requirements], cid, cid)
        yield from _group("qualification_category", requirements.categories, cid,
                          requirements.id or cid)  # fmt: skip
    for position, function in enumerate(card.functions, start=1):
        yield ElementRef(function.id, "function", function, cid, cid, position)
        for task_position, task in enumerate(function.tasks, start=1):
            yield ElementRef(task.id, "task", task, cid, function.id, task_position)
            yield from _group("skill", task.skills, cid, task.id)
            yield from _group("knowledge", task.knowledge, cid, task.id)
    yield from _group("related_occupation", card.related, cid, cid)
    if card.directory_relation is not None:
        yield from _group("directory_relation", [card.directory_relation], cid, cid)
    yield from _group("card_field", card.fields, cid, cid)


def element_text(element: Element) -> str:
    """The main text of an element, as published.

    A card's name, a function's or task's title, an item's text, a name; a
    term and its definition (``term – definition``), an abbreviation and its
    expansion; a row as ``label: value``; a related occupation's names; the
    raw text of a directory requirement, a category or an amendment note.

    Example:
        >>> from kasip.testing import make_span
        >>> element_text(Term(id="term1", term="кәсіп", definition="еңбек түрі", span=make_span()))
        'кәсіп – еңбек түрі'
    """
    match element:
        case ProfessionCard() | OtherName() | Occupation():
            return element.name
        case LabourFunction() | Unit():
            return element.title
        case Item():
            return element.text
        case Term():
            return f"{element.term} – {element.definition}"
        case Abbreviation():
            return f"{element.abbreviation} – {element.expansion}"
        case CardField():
            return f"{element.label}: {element.value}"
        case RelatedOccupation():
            return "; ".join(element.names)
        case DirectoryRelation():
            return element.positions
        case DirectoryRequirements() | QualificationCategory() | Amendment():
            return element.raw


def display_text(item: Item | LabourFunction | Unit) -> str:
    """Return an item's text, or a function's or unit's title, with its repairs
    applied, the last offset first.

    Stored text stays verbatim (``docs/exchange-format.md``, Repairs); pages
    and print show the corrected text, e.g. two words a plain-text export
    glued together.

    Example:
        >>> from kasip.model import Repair
        >>> from kasip.testing import make_span
        >>> fix = Repair(kind="glued-words", offset=9, original="", replacement=" ")
        >>> display_text(Item(id="x", text="ҚазақстанРеспубликасы", repairs=(fix,),
        ...                   span=make_span()))
        'Қазақстан Республикасы'
    """
    text = item.text if isinstance(item, Item) else item.title
    # From the end, so that earlier offsets (relative to the verbatim text) stay valid.
    for repair in sorted(item.repairs, key=lambda r: r.offset, reverse=True):
        end = repair.offset + len(repair.original)
        if text[repair.offset : end] == repair.original:
            text = text[: repair.offset] + repair.replacement + text[end:]
    return text


@dataclass(frozen=True)
class CardItem:
    """A skill or knowledge item of a card, with the labour function and task it is under."""

    function: LabourFunction
    task: Unit
    type: Literal["skill", "knowledge"]
    item: Item

    @property
    def text(self) -> str:
        """The item's text with the parser's repairs applied (:func:`display_text`)."""
        return display_text(self.item)


def card_items(card: ProfessionCard) -> Iterator[CardItem]:
    """Every skill and knowledge item of ``card`` in the card's order: task by task, a task's
    skills before its knowledge. What a worker is rated on (gap analysis) and what a programme
    covers (curriculum alignment).

    Example:
        >>> from kasip.testing import make_card
        >>> [(i.type, i.item.id) for i in card_items(make_card())][:2]
        [('skill', '2635-3-001@6/f1/t1/s1'), ('knowledge', '2635-3-001@6/f1/t1/k1')]
    """
    for function in card.functions:
        for task in function.tasks:
            for item in task.skills:
                yield CardItem(function, task, "skill", item)
            for item in task.knowledge:
                yield CardItem(function, task, "knowledge", item)


def count_elements(doc: Document) -> dict[str, int]:
    """Count the cards, functions, tasks, items and diagnostics of a document.

    Args:
        doc: a parsed document.

    Returns:
        A dict with the keys ``cards``, ``functions``, ``tasks``, ``items``,
        ``errors`` and ``warnings``.

    Example:
        >>> from kasip.model import Document, Standard
        >>> count_elements(Document(standard=Standard(title="T", language="kk")))["cards"]
        0
    """
    functions = [f for card in doc.cards for f in card.functions]
    tasks = [t for f in functions for t in f.tasks]
    return {
        "cards": len(doc.cards),
        "functions": len(functions),
        "tasks": len(tasks),
        "items": sum(len(t.skills) + len(t.knowledge) for t in tasks),
        "errors": sum(d.severity == "error" for d in doc.diagnostics),
        "warnings": sum(d.severity == "warning" for d in doc.diagnostics),
    }

"""Pair the cards and elements of two editions of one standard.

Cards pair by card ID (``{code}@{level}``); the cards left over pair, within
the gaps the ID pairs leave, by occupation code (the level differs), then by
level (the code is missing or misprinted in one edition), then by position.
Inside a card pair, labour functions, tasks, skills and knowledge pair by
their printed number where both editions print one, then by position within
their parent. Every pair keeps both element IDs and source lines, and says
how it was paired.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from kasip.editions.align import Pass, align
from kasip.editions.group import edition_group
from kasip.editions.models import (
    CardPair,
    CardSide,
    EditionPairing,
    EditionRef,
    ElementPair,
    ElementSide,
    PairedType,
)
from kasip.model import Document, Item, LabourFunction, ProfessionCard, Unit

__all__ = ["edition_ref", "element_side", "pair_cards", "pair_editions"]

T = TypeVar("T")


def pair_editions(a: Document, b: Document) -> EditionPairing:
    """Pair the cards of two texts, and inside each card pair their elements.

    Callers that need the texts to be editions of one standard check that
    first (:func:`~kasip.editions.group.require_editions`); pairing itself
    does not ask.

    Example:
        >>> from kasip.testing import make_document
        >>> pairing = pair_editions(make_document(), make_document(language="ru"))
        >>> [(p.id, p.paired_by) for p in pairing.cards]
        [('2635-3-001@6', 'id')]
    """
    return EditionPairing(a=edition_ref(a), b=edition_ref(b), cards=pair_cards(a.cards, b.cards))


def pair_cards(a: Sequence[ProfessionCard], b: Sequence[ProfessionCard]) -> tuple[CardPair, ...]:
    """Pair two editions' cards (module docstring), in ``a``'s order."""
    passes: list[Pass[ProfessionCard]] = [
        ("code", lambda card: card.code),
        ("level", lambda card: card.level),
    ]
    rows = align(a, b, ("id", lambda card: card.id), passes, shape=_shape)
    pairs = []
    for row in rows:
        card_a = a[row.a] if row.a is not None else None
        card_b = b[row.b] if row.b is not None else None
        functions = _pair_functions(
            card_a.functions if card_a else (), card_b.functions if card_b else ()
        )
        pairs.append(
            CardPair(
                a=_card_side(card_a, row.a) if card_a and row.a is not None else None,
                b=_card_side(card_b, row.b) if card_b and row.b is not None else None,
                paired_by=row.paired_by,
                functions=functions,
            )
        )
    return tuple(pairs)


def _pair_functions(
    a: Sequence[LabourFunction], b: Sequence[LabourFunction]
) -> tuple[ElementPair, ...]:
    def tasks(x: LabourFunction | None, y: LabourFunction | None) -> tuple[ElementPair, ...]:
        return _pair_by_number(
            "task", x.tasks if x else (), y.tasks if y else (), lambda t: t.number, _task_children
        )

    return _pair_by_number("function", a, b, lambda f: f.number, tasks)


def _task_children(x: Unit | None, y: Unit | None) -> tuple[ElementPair, ...]:
    def number(item: Item) -> str | None:
        return item.number

    skills = _pair_by_number("skill", x.skills if x else (), y.skills if y else (), number, None)
    knowledge = _pair_by_number(
        "knowledge", x.knowledge if x else (), y.knowledge if y else (), number, None
    )
    return skills + knowledge


Element = LabourFunction | Unit | Item
E = TypeVar("E", LabourFunction, Unit, Item)


def _pair_by_number(
    kind: PairedType,
    a: Sequence[E],
    b: Sequence[E],
    number: Callable[[E], Hashable | None],
    children: Callable[[E | None, E | None], tuple[ElementPair, ...]] | None,
) -> tuple[ElementPair, ...]:
    """Pair elements of one parent: by printed number, then by position in the gaps."""
    pairs = []
    for row in align(a, b, ("number", number), shape=_shape):
        x = a[row.a] if row.a is not None else None
        y = b[row.b] if row.b is not None else None
        pairs.append(
            ElementPair(
                type=kind,
                a=element_side(x, row.a + 1) if x is not None and row.a is not None else None,
                b=element_side(y, row.b + 1) if y is not None and row.b is not None else None,
                paired_by=row.paired_by,
                children=children(x, y) if children else (),
            )
        )
    return tuple(pairs)


def _shape(element: ProfessionCard | Element) -> Hashable:
    """What an element's counterpart is likely to share: its number and the counts inside."""
    if isinstance(element, ProfessionCard):
        return tuple(_shape(f) for f in element.functions)
    if isinstance(element, LabourFunction):
        return (element.kind, element.number, tuple(_shape(t) for t in element.tasks))
    if isinstance(element, Unit):
        return (element.number, len(element.skills), len(element.knowledge))
    return element.number


def element_side(element: Element, position: int) -> ElementSide:
    """An element as one side of a pair: ID, printed number, text, lines.

    Example:
        >>> from kasip.testing import make_document
        >>> side = element_side(make_document().cards[0].functions[0], 1)
        >>> side.id, side.number
        ('2635-3-001@6/f1', '1')
    """
    text = element.text if isinstance(element, Item) else element.title
    return ElementSide(
        id=element.id,
        position=position,
        number=str(element.number) if element.number is not None else None,
        kind=element.kind if isinstance(element, LabourFunction) else None,
        text=text,
        line=element.span.line_start,
        line_end=element.span.line_end,
    )


def _card_side(card: ProfessionCard, index: int) -> CardSide:
    return CardSide(
        id=card.id,
        position=index + 1,
        code=card.code,
        code_as_written=card.code_as_written,
        level=card.level,
        sublevels=card.sublevels,
        name=card.name,
        line=card.source.line_start,
        line_end=card.source.line_end,
    )


def edition_ref(doc: Document) -> EditionRef:
    """What a report says of one of the texts compared."""
    return EditionRef(
        language=doc.standard.language,
        title=doc.standard.title,
        group=edition_group(doc),
        source_name=doc.source.name,
        source_sha256=doc.source.sha256,
    )

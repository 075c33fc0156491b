"""Associations between cards and between editions, beyond the tree.

``precedes``: the cards of one occupation code at successive qualification
levels (the lower precedes the next higher). ``isTranslationOf``: two exported
documents are taken as editions of one act when :func:`kasip.editions.group.are_editions`
says so (the same order number, date and annex, Kazakh and Russian) and they hold the
same card IDs (``kasip check --parity`` reports where they do not); the
non-Kazakh edition is written as the translation of the Kazakh one (Kazakh is
the state language; both texts are official).

Example:
    >>> from kasip.testing import make_document
    >>> doc = make_document()
    >>> translations(doc, doc)
    False
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Protocol, TypeVar

from kasip.editions.group import are_editions
from kasip.model import Document
from kasip.model.ids import parse_card_id

__all__ = ["precedes", "translations"]


class _Node(Protocol):
    """What :func:`precedes` reads of an element: an ``ElementRef``, or an outline row."""

    @property
    def id(self) -> str: ...

    @property
    def type(self) -> str: ...


N = TypeVar("N", bound=_Node)


def precedes(elements: Sequence[N]) -> Iterator[tuple[N, N]]:
    """Pairs (lower level, next level) of cards of one occupation code."""
    by_code: dict[str, list[tuple[int, N]]] = {}
    for ref in elements:
        parsed = parse_card_id(ref.id) if ref.type == "card" else None
        # A second card of one code and level (~2) is not a step of the ladder.
        if parsed is not None and parsed.level is not None and parsed.number == 1:
            by_code.setdefault(parsed.code, []).append((parsed.level, ref))
    for cards in by_code.values():
        ladder = sorted(cards, key=lambda pair: pair[0])
        for (_, lower), (_, higher) in pairwise(ladder):
            yield lower, higher


def translations(doc: Document, other: Document) -> bool:
    """True when ``doc`` is the other-language edition of the Kazakh ``other``."""
    if other.standard.language != "kk" or not are_editions(doc, other):
        return False
    return {c.id for c in doc.cards} == {c.id for c in other.cards}

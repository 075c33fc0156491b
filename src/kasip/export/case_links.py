"""Associations between cards and between editions, beyond the tree.

``precedes``: the cards of one occupation code at successive qualification
levels (the lower precedes the next higher). ``isTranslationOf``: two documents
(both exported, or one exported and the other given to link to) are taken as
editions of one act when :func:`kasip.editions.group.are_editions` says so (the
same order number, date and annex, Kazakh and Russian); the non-Kazakh edition
is written as the translation of the Kazakh one (Kazakh is the state language;
both texts are official). Every element present in both editions is linked, even
when one edition holds only some of the cards (a Russian text of 6 of the 14
cards: ``kasip check --parity`` reports what differs). Items pair by element ID: the
CASE service's index (:mod:`kasip.export.case_index`) must find these
associations from the registry's outline, which has IDs and types but no text
to pair by number or shape (:mod:`kasip.editions.pairing` would need it).
:func:`translation_source` names, from a registry key, the Kazakh edition a
lone package of that key links to.

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

from kasip.editions.group import are_editions, edition_of_key
from kasip.model import Document
from kasip.model.ids import parse_card_id

__all__ = ["precedes", "translation_source", "translations"]


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
    return other.standard.language == "kk" and are_editions(doc, other)


def translation_source(key: str) -> str | None:
    """The key of the Kazakh edition that the standard ``key`` is a translation of.

    ``None`` for a Kazakh key and for a key not made from an order (nothing to
    pair it with). Whether the registry holds that edition is the caller's to check;
    the elements linked are those whose IDs both editions hold.

    Example:
        >>> translation_source("222-2022-12-05-annex-4-ru")
        '222-2022-12-05-annex-4-kk'
        >>> translation_source("292-2019-05-30-kk"), translation_source("sha-0123456789ab")
        (None, None)
    """
    found = edition_of_key(key)
    if found is None or found[1] == "kk":
        return None
    return f"{found[0].key}-kk"

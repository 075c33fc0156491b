"""What a search returns: hits best first, the same hits grouped by card."""

from __future__ import annotations

from kasip.model import FrozenModel

__all__ = [
    "CardGroup",
    "Correction",
    "HitCard",
    "HitElement",
    "SearchHit",
    "SearchResult",
    "SnippetPart",
]


class HitCard(FrozenModel):
    """The card a hit belongs to; a term's "card" is its standard (code and level are None)."""

    id: str | None
    code: str | None
    level: int | None
    name: str
    standard: str


class HitElement(FrozenModel):
    """The element that matched: its stable ID, type and text as published."""

    id: str
    type: str
    text: str


class SnippetPart(FrozenModel):
    """A piece of a hit's text; ``hit`` pieces are the words the query matched."""

    text: str
    hit: bool


class SearchHit(FrozenModel):
    card: HitCard
    element: HitElement
    score: float
    snippet: tuple[SnippetPart, ...]


class CardGroup(FrozenModel):
    """The hits of one card, in rank order; ``score`` is its best hit's."""

    card: HitCard
    score: float
    hits: tuple[SearchHit, ...]


class Correction(FrozenModel):
    """A query word that the registry does not know, read as ``suggestion``."""

    word: str
    suggestion: str


class SearchResult(FrozenModel):
    query: str
    standard: str | None = None
    level: int | None = None
    types: tuple[str, ...] = ()
    hits: tuple[SearchHit, ...] = ()
    groups: tuple[CardGroup, ...] = ()
    corrections: tuple[Correction, ...] = ()

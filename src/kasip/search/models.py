"""What a search returns: hits best first, the same hits grouped by card."""

from __future__ import annotations

from kasip.model import FrozenModel

__all__ = [
    "CardGroup",
    "Correction",
    "EditionHit",
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


class EditionHit(FrozenModel):
    """Another language's edition of the same order that holds the hit's element.

    ``score`` is what its text scored for the query, or None when it was not
    a hit there (the hit's own score is the better of the two).
    """

    standard: str
    language: str
    score: float | None = None


class SearchHit(FrozenModel):
    """An element found; ``editions`` names the other editions that hold it too."""

    card: HitCard
    element: HitElement
    score: float
    snippet: tuple[SnippetPart, ...]
    editions: tuple[EditionHit, ...] = ()


class CardGroup(FrozenModel):
    """The hits of one card, in rank order; ``score`` is its best hit's."""

    card: HitCard
    score: float
    hits: tuple[SearchHit, ...]

    def other_editions(self) -> tuple[str, ...]:
        """The other editions of the card's order that hold its hits, never the card's own.

        A hit may be shown in the other edition than its card group's (each hit
        in the edition that fits it), so the editions are the hits' own and
        those each names, less the card's standard.

        Example:
            >>> card = HitCard(id="1@4", code="1", level=4, name="n", standard="9-2019-05-30-kk")
            >>> hit = SearchHit(card=card, element=HitElement(id="1@4", type="card", text="n"),
            ...     score=1.0, snippet=(), editions=(EditionHit(standard="9-2019-05-30-ru",
            ...     language="ru", score=None),))
            >>> ru = hit.model_copy(update={"card": card.model_copy(
            ...     update={"standard": "9-2019-05-30-ru"}), "editions": (EditionHit(
            ...     standard="9-2019-05-30-kk", language="kk", score=None),)})
            >>> CardGroup(card=card, score=1.0, hits=(hit, ru)).other_editions()
            ('9-2019-05-30-ru',)
        """
        held = {hit.card.standard for hit in self.hits}
        held.update(e.standard for hit in self.hits for e in hit.editions)
        return tuple(sorted(held - {self.card.standard}))


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

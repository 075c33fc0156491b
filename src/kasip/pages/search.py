"""The search page: one builder for the HTML page, its twin and the API.

:func:`build_search` wraps :meth:`kasip.registry.Registry.search`, adds the
URL of every card and element it names (its permalink on the card's page),
and translates bad input into :class:`~kasip.errors.InvalidInput` (HTTP 400).
The match page is :mod:`kasip.pages.match`.

Example:
    >>> from kasip.registry import open_registry
    >>> from kasip.testing import make_document
    >>> with open_registry("sqlite://") as reg:
    ...     _ = reg.import_documents([make_document()])
    ...     page = build_search(reg, q="маман")
    >>> page.hits[0].card.id, page.hits[0].url
    ('2635-3-001@6', '/cards/2635-3-001@6')
"""

from __future__ import annotations

from collections.abc import Sequence

from kasip.errors import InvalidInput
from kasip.model import Language
from kasip.pages.checks import check_level, check_standard_key, clean_query
from kasip.pages.links import Links, anchor, standard_url
from kasip.pages.models import Edition, PageModel
from kasip.pages.reading import one_read
from kasip.registry import Registry
from kasip.search.engine import check_types
from kasip.search.models import (
    CardGroup,
    Correction,
    HitCard,
    HitElement,
    SearchHit,
    SnippetPart,
)

__all__ = [
    "DEFAULT_SEARCH_LIMIT",
    "MAX_SEARCH_LIMIT",
    "SearchGroupItem",
    "SearchHitItem",
    "SearchPage",
    "build_search",
    "check_limit",
]

DEFAULT_SEARCH_LIMIT = 20
MAX_SEARCH_LIMIT = 100


class SearchHitItem(PageModel):
    """A matching element: its card, its text, the score and the words matched.

    ``editions`` are the other language's editions of the same order that hold
    the element too (its permalink there): the hit is shown once, in the
    edition of the page's language when it holds the element.
    """

    card: HitCard
    element: HitElement
    score: float
    snippet: tuple[SnippetPart, ...]
    language: Language
    url: str
    editions: tuple[Edition, ...] = ()


class SearchGroupItem(PageModel):
    """The hits of one card, best first; ``score`` is its best hit's.

    ``editions``: the card in the other language's edition of its order.
    """

    card: HitCard
    score: float
    language: Language
    url: str
    hits: tuple[SearchHitItem, ...]
    editions: tuple[Edition, ...] = ()


class SearchPage(PageModel):
    """The search results: hits best first, the same hits grouped by card, corrections."""

    query: str
    standard: str | None
    level: int | None
    types: tuple[str, ...]
    limit: int
    count: int
    hits: tuple[SearchHitItem, ...]
    groups: tuple[SearchGroupItem, ...]
    corrections: tuple[Correction, ...]


def check_limit(limit: int, maximum: int) -> int:
    if not 1 <= limit <= maximum:
        raise InvalidInput(f"limit {limit} is out of range; it is 1 to {maximum}")
    return limit


# One keyword per filter of the search form.
@one_read
def build_search(  # noqa: PLR0913
    registry: Registry,
    *,
    q: str | None,
    standard: str | None = None,
    level: int | None = None,
    types: Sequence[str] = (),
    limit: int = DEFAULT_SEARCH_LIMIT,
    language: str | None = None,
) -> SearchPage:
    """Search the elements of the latest versions: cards, functions, skills, knowledge, ...

    Args:
        registry: The registry.
        q: Words in Kazakh or Russian, in any form; typos are tolerated.
        standard: Only this standard (key).
        level: Only cards at this qualification level, 1-8.
        types: Only these element types (``card``, ``skill``, ...); all when empty.
        limit: The most hits, 1 to :data:`MAX_SEARCH_LIMIT`.
        language: The page's language: a hit both editions of an order hold is
            shown in the edition of this language (see :meth:`Registry.search`).

    Returns:
        The hits best first, grouped by card too, each with its permalink and
        the other editions that hold it.

    Raises:
        InvalidInput: ``q`` is empty or too long, or a filter is malformed.
        NotFound: ``standard`` is unknown.
    """
    text = clean_query(q)
    if text is None:
        raise InvalidInput("give words to search for (q)")
    result = registry.search(
        text,
        standard=check_standard_key(standard),
        level=check_level(level),
        types=check_types(types),
        limit=check_limit(limit, MAX_SEARCH_LIMIT),
        language=language,
    )
    links = Links.of(registry)
    hits = tuple(_hit_item(links, hit) for hit in result.hits)
    return SearchPage(
        query=result.query,
        standard=result.standard,
        level=result.level,
        types=result.types,
        limit=limit,
        count=len(hits),
        hits=hits,
        groups=tuple(_group_item(links, group) for group in result.groups),
        corrections=result.corrections,
    )


def _card_url(links: Links, card: HitCard) -> str:
    if card.id is None:  # a term or abbreviation: its "card" is the standard
        return standard_url(card.standard)
    return links.card(card.id, card.standard)


def _group_item(links: Links, group: CardGroup) -> SearchGroupItem:
    others = group.other_editions()
    return SearchGroupItem(
        card=group.card,
        score=group.score,
        language=links.language(group.card.standard),
        url=_card_url(links, group.card),
        hits=tuple(_hit_item(links, hit) for hit in group.hits),
        editions=tuple(
            Edition(
                language=links.language(key),
                standard=key,
                url=_card_url(links, group.card.model_copy(update={"standard": key})),
            )
            for key in others
        ),
    )


def _element_url(links: Links, card: HitCard, element: HitElement) -> str:
    url = _card_url(links, card)
    return url if element.type == "card" else anchor(url, element.id)


def _hit_item(links: Links, hit: SearchHit) -> SearchHitItem:
    return SearchHitItem(
        card=hit.card,
        element=hit.element,
        score=hit.score,
        snippet=hit.snippet,
        language=links.language(hit.card.standard),
        url=_element_url(links, hit.card, hit.element),
        editions=tuple(
            Edition(
                language=links.language(e.standard),
                standard=e.standard,
                url=_element_url(
                    links, hit.card.model_copy(update={"standard": e.standard}), hit.element
                ),
            )
            for e in hit.editions
        ),
    )

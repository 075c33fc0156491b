"""The search and match pages: one builder each, for the HTML page, its twin and the API.

:func:`build_search` wraps :meth:`kasip.registry.Registry.search` and
:func:`build_match` wraps :meth:`kasip.registry.Registry.match`; both add the
URL of every card and element they name (its permalink on the card's page),
and translate bad input into :class:`~kasip.errors.InvalidInput` (HTTP 400).

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

from pydantic import BaseModel, ConfigDict

from kasip.errors import InvalidInput
from kasip.match.models import Evidence, Match, MatchResult
from kasip.model import Language
from kasip.pages.checks import check_level, check_standard_key, clean_query
from kasip.pages.links import Links, anchor, as_language, standard_url
from kasip.registry import Registry
from kasip.search.engine import check_types
from kasip.search.models import Correction, HitCard, HitElement, SearchHit, SnippetPart

__all__ = [
    "DEFAULT_MATCH_LIMIT",
    "DEFAULT_SEARCH_LIMIT",
    "MAX_MATCH_LIMIT",
    "MAX_MATCH_TEXT_LENGTH",
    "MAX_SEARCH_LIMIT",
    "EvidenceItem",
    "MatchItem",
    "MatchPage",
    "SearchGroupItem",
    "SearchHitItem",
    "SearchPage",
    "build_match",
    "build_search",
]

DEFAULT_SEARCH_LIMIT = 20
MAX_SEARCH_LIMIT = 100
DEFAULT_MATCH_LIMIT = 5
MAX_MATCH_LIMIT = 20
# A vacancy or a CV is a few pages at most; a longer text is a mistake, not a job.
MAX_MATCH_TEXT_LENGTH = 50_000


class _Page(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SearchHitItem(_Page):
    """A matching element: its card, its text, the score and the words matched."""

    card: HitCard
    element: HitElement
    score: float
    snippet: tuple[SnippetPart, ...]
    language: Language
    url: str


class SearchGroupItem(_Page):
    """The hits of one card, best first; ``score`` is its best hit's."""

    card: HitCard
    score: float
    language: Language
    url: str
    hits: tuple[SearchHitItem, ...]


class SearchPage(_Page):
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


class EvidenceItem(_Page):
    """A sentence of the text and the card element it matched, with its permalink."""

    sentence: str
    sentence_index: int
    element: HitElement
    score: float
    url: str


class MatchItem(_Page):
    """A card the text fits, with a confidence in [0, 1] and the evidence."""

    code: str | None
    level: int | None
    name: str
    card_id: str
    standard: str
    confidence: float
    language: Language
    url: str
    evidence: tuple[EvidenceItem, ...]


class MatchPage(_Page):
    """Ranked cards, best first; ``confident`` is false for "no confident match"."""

    confident: bool
    language: str
    sentences: int
    threshold: float
    matches: tuple[MatchItem, ...]


def _check_limit(limit: int, maximum: int) -> int:
    if not 1 <= limit <= maximum:
        raise InvalidInput(f"limit {limit} is out of range; it is 1 to {maximum}")
    return limit


# One keyword per filter of the search form.
def build_search(  # noqa: PLR0913
    registry: Registry,
    *,
    q: str | None,
    standard: str | None = None,
    level: int | None = None,
    types: Sequence[str] = (),
    limit: int = DEFAULT_SEARCH_LIMIT,
) -> SearchPage:
    """Search the elements of the latest versions: cards, functions, skills, knowledge, ...

    Args:
        registry: The registry.
        q: Words in Kazakh or Russian, in any form; typos are tolerated.
        standard: Only this standard (key).
        level: Only cards at this qualification level, 1-8.
        types: Only these element types (``card``, ``skill``, ...); all when empty.
        limit: The most hits, 1 to :data:`MAX_SEARCH_LIMIT`.

    Returns:
        The hits best first, grouped by card too, each with its permalink.

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
        limit=_check_limit(limit, MAX_SEARCH_LIMIT),
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
        groups=tuple(
            SearchGroupItem(
                card=group.card,
                score=group.score,
                language=_language(links, group.card.standard),
                url=_card_url(links, group.card),
                hits=tuple(_hit_item(links, hit) for hit in group.hits),
            )
            for group in result.groups
        ),
        corrections=result.corrections,
    )


def _language(links: Links, key: str) -> Language:
    """The language of a standard's texts (``unknown`` when the registry lacks it)."""
    summary = links.summary(key)
    return as_language(summary.language if summary else "")


def _card_url(links: Links, card: HitCard) -> str:
    if card.id is None:  # a term or abbreviation: its "card" is the standard
        return standard_url(card.standard)
    return links.card(card.id, card.standard)


def _hit_item(links: Links, hit: SearchHit) -> SearchHitItem:
    url = _card_url(links, hit.card)
    return SearchHitItem(
        card=hit.card,
        element=hit.element,
        score=hit.score,
        snippet=hit.snippet,
        language=_language(links, hit.card.standard),
        url=url if hit.element.type == "card" else anchor(url, hit.element.id),
    )


def build_match(registry: Registry, *, text: str, limit: int = DEFAULT_MATCH_LIMIT) -> MatchPage:
    """Match a free text (a vacancy, a CV, a job description) to profession cards.

    Args:
        registry: The registry.
        text: The text, in Kazakh or Russian.
        limit: The most cards, 1 to :data:`MAX_MATCH_LIMIT`.

    Returns:
        Cards best first, each with the sentences that matched its elements;
        ``confident`` is false when no card clearly fits.

    Raises:
        InvalidInput: The text is empty or too long, or ``limit`` is out of range.
    """
    if not text.strip():
        raise InvalidInput("the text is empty: give a vacancy, a CV or a job description")
    if len(text) > MAX_MATCH_TEXT_LENGTH:
        raise InvalidInput(f"the text is longer than {MAX_MATCH_TEXT_LENGTH} characters")
    result: MatchResult = registry.match(text, limit=_check_limit(limit, MAX_MATCH_LIMIT))
    links = Links.of(registry)
    return MatchPage(
        confident=result.confident,
        language=result.language,
        sentences=result.sentences,
        threshold=result.threshold,
        matches=tuple(_match_item(links, match) for match in result.matches),
    )


def _match_item(links: Links, match: Match) -> MatchItem:
    url = links.card(match.card_id, match.standard)
    return MatchItem(
        code=match.code,
        level=match.level,
        name=match.name,
        card_id=match.card_id,
        standard=match.standard,
        confidence=match.confidence,
        language=_language(links, match.standard),
        url=url,
        evidence=tuple(_evidence_item(url, e) for e in match.evidence),
    )


def _evidence_item(card_url: str, evidence: Evidence) -> EvidenceItem:
    element = evidence.element
    # Matching reads only card elements (kasip.match.index.MATCHED_TYPES).
    url = card_url if element.type == "card" else anchor(card_url, element.id)
    return EvidenceItem(
        sentence=evidence.sentence,
        sentence_index=evidence.sentence_index,
        element=element,
        score=evidence.score,
        url=url,
    )

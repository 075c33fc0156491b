"""The match page: one builder for the HTML page, its twin and the API.

:func:`build_match` wraps :meth:`kasip.registry.Registry.match` and adds what a
reader needs to follow the answer: the URL of every card and element it names
(its permalink on the card's page), the text cut into passages with the
sentences that matched the top card marked, why the top card's level was
chosen, and the cards to consider beside it. Bad input becomes
:class:`~kasip.errors.InvalidInput` (HTTP 400).

Example:
    >>> from kasip.registry import open_registry
    >>> from kasip.testing import make_document
    >>> with open_registry("sqlite://") as reg:
    ...     _ = reg.import_documents([make_document()])
    ...     page = build_match(reg, text="Әлеуметтік жұмыс жөніндегі маман. Жоғары білім.")
    >>> page.matches[0].card_id, page.level_reason.kind
    ('2635-3-001@6', 'higher-education')
    >>> [(p.text, p.evidence) for p in page.passages]
    [('Әлеуметтік жұмыс жөніндегі маман.', 1), (' Жоғары білім.', None)]
"""

from __future__ import annotations

from collections.abc import Sequence

from kasip.errors import InvalidInput
from kasip.match.level import LevelReason
from kasip.match.models import (
    DistinctiveWord,
    Evidence,
    HeadOpen,
    Match,
    MatchResult,
    OtherCard,
    OtherOccupation,
)
from kasip.model import Language
from kasip.pages.links import Links, anchor
from kasip.pages.models import Edition, PageModel
from kasip.pages.reading import one_read
from kasip.pages.search import check_limit
from kasip.registry import Registry
from kasip.search.models import HitElement

__all__ = [
    "DEFAULT_MATCH_LIMIT",
    "MAX_MATCH_LIMIT",
    "MAX_MATCH_TEXT_LENGTH",
    "AlsoConsiderItem",
    "EvidenceItem",
    "LevelReasonItem",
    "MatchItem",
    "MatchPage",
    "OtherCardItem",
    "Passage",
    "build_match",
]

DEFAULT_MATCH_LIMIT = 5
MAX_MATCH_LIMIT = 20
# A vacancy or a CV is a few pages at most; a longer text is a mistake, not a job.
MAX_MATCH_TEXT_LENGTH = 50_000


class EvidenceItem(PageModel):
    """A sentence of the text and the card element it matched, with its permalink.

    ``matched`` is the part of the element the sentence matched: the element
    itself, or one clause of an element that lists several duties.
    ``standard`` and ``language`` name the edition whose element it is (a card
    both editions of its order hold takes its evidence from either).
    """

    sentence: str
    sentence_index: int
    element: HitElement
    matched: str
    score: float
    url: str
    standard: str | None = None
    language: Language | None = None


class OtherCardItem(PageModel):
    """Another card of a match's occupation the text fits, or the card of a copy
    of the occupation in another standard, with its permalink."""

    card_id: str
    level: int | None
    name: str
    standard: str
    language: Language
    url: str


class MatchItem(PageModel):
    """An occupation the text fits: one of its cards, with a confidence in [0, 1]
    and the evidence.

    ``other_edition``: the same card in the other language's edition of its
    order, when the registry holds it (the card is one match, shown in the
    edition of the page's language, else of the text's). ``distinctive_words``:
    the text's words that set the card's occupation apart (its cards' names
    and duties use them, at most a third of the registry's occupations do),
    most telling first, each with how many sentences say it; they add to the
    card's score. ``other_cards``: the occupation's other cards the text fits,
    best first (the confidence is the occupation's, theirs too). ``copies``:
    the same occupation in other standards under other codes, best first, the
    first ten of ``copies_total`` (the same answer again).
    """

    code: str | None
    level: int | None
    name: str
    card_id: str
    standard: str
    confidence: float
    language: Language
    url: str
    evidence: tuple[EvidenceItem, ...]
    other_edition: Edition | None = None
    distinctive_words: tuple[DistinctiveWord, ...] = ()
    other_cards: tuple[OtherCardItem, ...] = ()
    copies: tuple[OtherCardItem, ...] = ()
    copies_total: int = 0


class LevelReasonItem(PageModel):
    """Why the top card's level was chosen (see :mod:`kasip.match.level`).

    ``kind`` is ``evidence`` when the text says nothing of the worker's
    education or place (the level of the card whose elements matched best
    stands), else the rule the text's ``words`` invoked: ``management``,
    ``higher-education``, ``vocational-education`` or ``experience``;
    ``experience`` holds the text's words on experience when they left out a
    card of the occupation that asks for more (see :mod:`kasip.match.level`).
    """

    kind: str
    words: str
    level: int | None
    experience: str = ""


class AlsoConsiderItem(PageModel):
    """A card whose evidence comes close to the top card's: one of the top
    occupation's other cards, or a later match (``confidence`` is its
    occupation's)."""

    card_id: str
    name: str
    level: int | None
    confidence: float
    url: str


class Passage(PageModel):
    """A piece of the text; ``evidence`` is the number (1-based) of the top card's
    evidence whose sentence it is, or None for text that matched nothing."""

    text: str
    evidence: int | None


class MatchPage(PageModel):
    """Ranked occupations, best first, one card each; ``confident`` is false for
    "no confident match".

    ``confidence`` of each card is the calibrated probability that its
    occupation is the right one (``threshold`` is where the matcher starts to
    claim a match); ``passages`` is the whole text, the top card's evidence
    sentences marked.
    """

    confident: bool
    language: str
    sentences: int
    threshold: float
    matches: tuple[MatchItem, ...]
    level_reason: LevelReasonItem | None
    also_consider: tuple[AlsoConsiderItem, ...]
    passages: tuple[Passage, ...]
    # The text names another field's occupation in place of the top card's.
    other_occupation: OtherOccupation | None = None
    # The text speaks of a unit's head as much as of the worker.
    head_open: HeadOpen | None = None


@one_read
def build_match(
    registry: Registry,
    *,
    text: str,
    limit: int = DEFAULT_MATCH_LIMIT,
    language: str | None = None,
) -> MatchPage:
    """Match a free text (a vacancy, a CV, a job description) to profession cards.

    Args:
        registry: The registry.
        text: The text, in Kazakh or Russian.
        limit: The most occupations (one card each, its other cards beside
            it), 1 to :data:`MAX_MATCH_LIMIT`.
        language: The page's language: a card both editions of its order hold
            is shown in this language's edition, else in the text's.

    Returns:
        Occupations best first, one card each with the sentences that matched
        its elements and the occupation's other cards;
        ``confident`` is false when no card clearly fits.

    Raises:
        InvalidInput: The text is empty or too long, or ``limit`` is out of range.
    """
    if not text.strip():
        raise InvalidInput("the text is empty: give a vacancy, a CV or a job description")
    if len(text) > MAX_MATCH_TEXT_LENGTH:
        raise InvalidInput(f"the text is longer than {MAX_MATCH_TEXT_LENGTH} characters")
    chosen = check_limit(limit, MAX_MATCH_LIMIT)
    result: MatchResult = registry.match(text, limit=chosen, language=language)
    links = Links.of(registry)
    matches = tuple(_match_item(links, match) for match in result.matches)
    return MatchPage(
        confident=result.confident,
        language=result.language,
        sentences=result.sentences,
        threshold=result.threshold,
        matches=matches,
        level_reason=_level_reason(result.level_reason, matches),
        also_consider=_also_consider(links, result),
        passages=passages(text, [e.sentence for e in matches[0].evidence] if matches else []),
        other_occupation=result.other_occupation,
        head_open=result.head_open,
    )


def _also_consider(links: Links, result: MatchResult) -> tuple[AlsoConsiderItem, ...]:
    """The cards ``also_consider`` names (:meth:`MatchResult.considered`), with their permalinks."""
    return tuple(
        AlsoConsiderItem(
            card_id=card.card_id,
            name=card.name,
            level=card.level,
            confidence=value,
            url=links.card(card.card_id, card.standard),
        )
        for card, value in result.considered()
    )


def _level_reason(
    reason: LevelReason | None, matches: Sequence[MatchItem]
) -> LevelReasonItem | None:
    if reason is None or not matches:
        return None
    return LevelReasonItem(
        kind=reason.kind, words=reason.words, level=matches[0].level, experience=reason.experience
    )


def passages(text: str, sentences: Sequence[str]) -> tuple[Passage, ...]:
    """``text`` cut at the given sentences, each marked with its number (1-based).

    A sentence is found after the ones found before it; one not found (it
    cannot be, unless the matcher changed it) is left out of the marking.

    >>> [(p.text, p.evidence) for p in passages("A b. C d. E f.", ["E f.", "A b."])]
    [('A b.', 2), (' C d. ', None), ('E f.', 1)]
    """
    spans: list[tuple[int, int, int]] = []
    for number, sentence in enumerate(sentences, start=1):
        start = text.find(sentence) if sentence else -1
        taken = any(s < start + len(sentence) and start < e for s, e, _ in spans)
        if start >= 0 and not taken:
            spans.append((start, start + len(sentence), number))
    pieces: list[Passage] = []
    at = 0
    for start, end, number in sorted(spans):
        if start > at:
            pieces.append(Passage(text=text[at:start], evidence=None))
        pieces.append(Passage(text=text[start:end], evidence=number))
        at = end
    if at < len(text):
        pieces.append(Passage(text=text[at:], evidence=None))
    return tuple(pieces)


def _match_item(links: Links, match: Match) -> MatchItem:
    other = match.other_edition
    return MatchItem(
        code=match.code,
        level=match.level,
        name=match.name,
        card_id=match.card_id,
        standard=match.standard,
        confidence=match.confidence,
        language=links.language(match.standard),
        url=links.card(match.card_id, match.standard),
        evidence=tuple(_evidence_item(links, match, e) for e in match.evidence),
        other_edition=Edition(
            language=links.language(other), standard=other, url=links.card(match.card_id, other)
        )
        if other is not None
        else None,
        distinctive_words=match.distinctive_words,
        other_cards=tuple(_other_card(links, o) for o in match.other_cards),
        copies=tuple(_other_card(links, o) for o in match.copies),
        copies_total=match.copies_total,
    )


def _other_card(links: Links, card: OtherCard) -> OtherCardItem:
    return OtherCardItem(
        **card.model_dump(),
        language=links.language(card.standard),
        url=links.card(card.card_id, card.standard),
    )


def _evidence_item(links: Links, match: Match, evidence: Evidence) -> EvidenceItem:
    element = evidence.element
    standard = evidence.standard or match.standard
    card_url = links.card(match.card_id, standard)
    # Matching reads only card elements (kasip.match.pieces.MATCHED_TYPES).
    url = card_url if element.type == "card" else anchor(card_url, element.id)
    return EvidenceItem(
        sentence=evidence.sentence,
        sentence_index=evidence.sentence_index,
        element=element,
        matched=evidence.matched,
        score=evidence.score,
        url=url,
        standard=standard,
        language=links.language(standard),
    )

"""What matching a free text (vacancy, CV, job description) to cards returns."""

from __future__ import annotations

from kasip.match.level import LevelReason
from kasip.model import FrozenModel
from kasip.search.models import HitElement

__all__ = ["DistinctiveWord", "Evidence", "Match", "MatchResult", "OtherCard"]


class Evidence(FrozenModel):
    """A sentence of the text and the card element it matched.

    ``matched`` is the part of the element the sentence matched: the element
    itself, or one clause of an element that lists several duties. ``standard``
    and ``language`` say which edition's element it is: when the registry holds
    both texts of an order, a card's evidence may come from either.
    """

    sentence: str
    sentence_index: int  # 0-based, in the order of the text
    element: HitElement
    matched: str
    score: float
    standard: str | None = None
    language: str | None = None


class DistinctiveWord(FrozenModel):
    """A word of the text that sets a card's occupation apart from the others
    (:mod:`kasip.match.distinctive`): the occupation's cards use it in their
    names or duties, at most a third of the registry's occupations do;
    ``sentences`` say it."""

    word: str
    sentences: int


class OtherCard(FrozenModel):
    """Another card of a match's occupation code that the text fits too: the
    occupation at another level, or another title the standard files under its
    code (2634-9-004 holds the social psychologist and the court's
    psychologist-consultant); ``standard`` is the edition it is shown in."""

    card_id: str
    level: int | None
    name: str
    standard: str


class Match(FrozenModel):
    """An occupation the text fits: its card at the level the text asks for
    (else its best-fitting card), with a calibrated confidence in [0, 1].

    ``standard`` is the edition the card is shown in; ``other_edition`` the
    other language's edition of its order when the registry holds the card
    there too (the card is one match, its confidence that of the edition
    that fits better). ``distinctive_words`` are the text's words that set
    its occupation apart, most telling first (they add to its score).
    ``other_cards`` are the occupation's other cards the text fits, best
    first (:mod:`kasip.match.grouping`): the confidence is the occupation's,
    theirs as much as this card's. ``copies`` are the same occupation in
    other standards, under other codes: the best card of each code one of
    whose cards says nearly what one of this occupation's says
    (:mod:`kasip.match.twins`), best first, the first ten of
    ``copies_total``; they are this answer again, not other answers.
    """

    code: str | None
    level: int | None
    name: str
    card_id: str
    standard: str
    confidence: float
    evidence: tuple[Evidence, ...]
    other_edition: str | None = None
    distinctive_words: tuple[DistinctiveWord, ...] = ()
    other_cards: tuple[OtherCard, ...] = ()
    copies: tuple[OtherCard, ...] = ()
    copies_total: int = 0


class OtherOccupation(FrozenModel):
    """Where the text names another field's occupation in place of the top card's.

    ``words``: the text's words ("Медицинский психолог", "педагог-психологы");
    ``field``: the field the qualifier names, as ``data/lexicon/fields.tsv``
    does ("health", "education", "court", "penitentiary", ...).
    """

    words: str
    field: str


class HeadOpen(FrozenModel):
    """Where the text speaks of the head of a unit as much as of the worker.

    ``words``: the text's words that say someone heads something ("Заведующие");
    ``card_id``: the manager's card that comes close to the worker's top card.
    """

    words: str
    card_id: str


class MatchResult(FrozenModel):
    """Ranked occupations, best first, one card each; ``confident`` is False for
    "no confident match".

    ``level_reason`` says why the top card's level was chosen (None when no
    card matched); ``also_consider`` names the other cards (by card ID: the
    top occupation's other cards, and later matches) whose evidence comes
    close to the top card's. ``other_occupation`` is set when the text names
    another field's occupation with the head word of the top card's name and
    never names the card itself ("медицинский психолог" for "Әлеуметтік
    психолог", :mod:`kasip.match.naming`): the card then claims at most 50 %.
    ``head_open`` is set when the text says someone heads a unit and a
    manager's card comes close to a worker's top card
    (:func:`kasip.match.ceiling.head_close`): the top card then claims at most
    50 % too.
    """

    confident: bool
    language: str
    sentences: int
    threshold: float
    matches: tuple[Match, ...] = ()
    level_reason: LevelReason | None = None
    also_consider: tuple[str, ...] = ()
    other_occupation: OtherOccupation | None = None
    head_open: HeadOpen | None = None

    def considered(self) -> tuple[tuple[OtherCard, float], ...]:
        """The cards ``also_consider`` names, each with its occupation's confidence:
        the first match's other cards, then later matches."""
        if not self.matches:
            return ()
        first = self.matches[0]
        cards = [(o, first.confidence) for o in first.other_cards]
        cards += [
            (
                OtherCard(card_id=m.card_id, level=m.level, name=m.name, standard=m.standard),
                m.confidence,
            )
            for m in self.matches[1:]
        ]
        return tuple((card, value) for card, value in cards if card.card_id in self.also_consider)

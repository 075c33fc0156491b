"""Ratings suggested from a CV or a self-description, for the worker to confirm.

Each sentence of the text (:func:`kasip.match.sentences.split_sentences`) is
scored against the card's skills and knowledge with matching's similarity
(:func:`kasip.match.elements.score_texts`), and the elements the link rule
picks (:data:`kasip.match.elements.DEFAULT_RULE`, chosen for learning
outcomes, which read like a CV's lines of duties) are suggested as
``partly``: a CV says the worker has done something, not how well, so the
worker or their manager raises a suggestion to ``fully`` or drops it. The
sentence stays as the evidence, so each suggestion shows where it came from.

"""

from __future__ import annotations

from kasip.gaps.models import ElementRating
from kasip.match.elements import DEFAULT_RULE, LinkRule, choose_links, scope_of, score_texts
from kasip.match.index import MatchIndex
from kasip.match.sentences import split_sentences
from kasip.model import FrozenModel

__all__ = ["MAX_TEXT_LENGTH", "Suggestion", "suggest_ratings"]

MAX_TEXT_LENGTH = 50_000  # characters: a long CV is a few thousand


class Suggestion(FrozenModel):
    """An element the text speaks of: the sentence that says it, and their score."""

    element: str
    sentence: str
    score: float

    def rating(self) -> ElementRating:
        """The suggestion as a rating to confirm: ``partly``, the sentence its evidence."""
        return ElementRating(element=self.element, rating="partly", evidence=self.sentence[:2000])


def suggest_ratings(
    text: str,
    index: MatchIndex,
    *,
    standard: str,
    card_id: str,
    rule: LinkRule = DEFAULT_RULE,
) -> list[Suggestion]:
    """The card's elements that ``text`` speaks of, each with its best sentence.

    Raises:
        NotFound: The card is not in the index.
        ValueError: The text is longer than :data:`MAX_TEXT_LENGTH`.
    """
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueError(f"the text is longer than {MAX_TEXT_LENGTH} characters")
    sentences = list(dict.fromkeys(split_sentences(text)))
    scope = scope_of(index, [(standard, card_id)])
    best: dict[str, Suggestion] = {}
    for sentence, candidates in zip(sentences, score_texts(sentences, index, scope), strict=True):
        for chosen in choose_links(candidates, rule):
            known = best.get(chosen.element)
            if known is None or chosen.score > known.score:
                best[chosen.element] = Suggestion(
                    element=chosen.element, sentence=sentence, score=round(chosen.score, 3)
                )
    order = {element: n for n, element in enumerate(scope.elements)}
    return sorted(best.values(), key=lambda s: order[s.element])

"""Learning outcomes to the card elements they cover, each link with a score.

The score of an outcome and an element is matching's word-level similarity
over the chosen cards' skill and knowledge entries
(:func:`kasip.match.elements.score_texts`), in [0, 1].

An outcome is read whole. Reading an outcome that lists several results
clause by clause as well (``split=True``: each element keeping the best of
the whole and its clauses) was measured and left off: on the labelled set it
made more wrong links than it found right ones (BENCHMARKS.md, "Curriculum
alignment").

Scoring (:func:`~kasip.match.elements.score_texts`) is kept apart from choosing links
(:func:`choose_links`, by a :class:`~kasip.curriculum.models.LinkRule`), so
that rules are compared on one scoring of the labelled set.
"""

from __future__ import annotations

from collections.abc import Sequence

from kasip.curriculum.models import EducationalProgramme, Link, LinkRule, Outcome
from kasip.match.elements import DEFAULT_RULE, Candidate, choose_links, scope_of, score_texts
from kasip.match.index import MatchIndex

# DEFAULT_RULE and choose_links are kasip.match.elements', shared with gap analysis.
__all__ = ["DEFAULT_RULE", "choose_links", "propose_links", "score_link"]


def propose_links(
    programme: EducationalProgramme,
    index: MatchIndex,
    cards: Sequence[tuple[str, str]],
    *,
    rule: LinkRule = DEFAULT_RULE,
) -> list[Link]:
    """The links kasip proposes from each outcome of ``programme`` to the elements of ``cards``.

    Args:
        programme: The programme read from its file.
        index: The registry's match index.
        cards: The chosen cards, as (standard key, card ID).
        rule: Which scored elements become links.

    Returns:
        Links with status ``proposed``, by outcome, best score first.

    Raises:
        NotFound: A card is not in the index.
    """
    scope = scope_of(index, cards)
    scored = score_texts([o.text for o in programme.outcomes], index, scope)
    return [
        _link(outcome, candidate)
        for outcome, candidates in zip(programme.outcomes, scored, strict=True)
        for candidate in choose_links(candidates, rule)
    ]


def _link(outcome: Outcome, candidate: Candidate) -> Link:
    return Link(
        outcome=outcome.number,
        card=candidate.card,
        element=candidate.element,
        type=candidate.type,
        score=min(candidate.score, 1.0),
    )


def score_link(text: str, index: MatchIndex, card: tuple[str, str], element: str) -> float:
    """The score ``text`` would give ``element`` of ``card`` (standard key, card ID): what a
    link a methodologist adds is kept with; 0.0 when they share no words.

    Raises:
        NotFound: The card is not in the index.
    """
    for candidate in score_texts([text], index, scope_of(index, [card]))[0]:
        if candidate.element == element:
            return min(candidate.score, 1.0)
    return 0.0

"""Learning outcomes to the card elements they cover, each link with a score.

The score of an outcome and an element is matching's word-level similarity
(:func:`kasip.match.words.similarity`: the IDF-weighted words the two share
over the geometric mean of what each holds, a Russian word meeting a Kazakh
element through the lexicon's translations), in [0, 1]. The index holds one
entry per clause of an element that lists several duties
(:mod:`kasip.match.clauses`); an element scores its best clause. Only the
chosen cards' skill and knowledge entries are read.

An outcome is read whole. Reading an outcome that lists several results
clause by clause as well (``split=True``: each element keeping the best of
the whole and its clauses) was measured and left off: on the labelled set it
made more wrong links than it found right ones (BENCHMARKS.md, "Curriculum
alignment").

Scoring (:func:`score_outcomes`) is kept apart from choosing links
(:func:`choose_links`, by a :class:`~kasip.curriculum.models.LinkRule`), so
that rules are compared on one scoring of the labelled set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kasip.curriculum.models import Link, LinkRule, Outcome, Programme, TargetType
from kasip.errors import NotFound
from kasip.match.index import MatchIndex
from kasip.match.sentences import split_sentences
from kasip.match.words import Scratch, sentence_words, similarity
from kasip.text.lang import text_languages

__all__ = [
    "DEFAULT_RULE",
    "MIN_WORDS",
    "Candidate",
    "Scope",
    "choose_links",
    "propose_links",
    "scope_of",
    "score_outcomes",
]

# Chosen on eval/align-dev.jsonl by 5-fold cross-validation
# (scripts/evaluate_alignment.py; BENCHMARKS.md, "Curriculum alignment").
DEFAULT_RULE = LinkRule(threshold=0.35, relative=0.8, top_k=2)
MIN_WORDS = 2  # content words an outcome (or a clause of it) needs to be compared
_TARGETS: tuple[TargetType, ...] = ("skill", "knowledge")


@dataclass(frozen=True, slots=True)
class Candidate:
    """An element an outcome may cover, with its score."""

    card: str
    element: str
    type: TargetType
    score: float


@dataclass(frozen=True, slots=True)
class Scope:
    """The index entries of the chosen cards' skills and knowledge, and what each is."""

    positions: NDArray[np.intp]  # entry positions in the index
    cards: tuple[str, ...]  # per position: its card's ID
    elements: tuple[str, ...]  # per position: its element's ID
    types: tuple[TargetType, ...]


def scope_of(index: MatchIndex, cards: Sequence[tuple[str, str]]) -> Scope:
    """The entries of ``cards`` (pairs of standard key and card ID) that are skills or knowledge.

    Raises:
        NotFound: A card is not in the index.
    """
    where = {(ref.standard, ref.card_id): n for n, ref in enumerate(index.cards)}
    positions: list[int] = []
    card_ids: list[str] = []
    elements: list[str] = []
    types: list[TargetType] = []
    for standard, card in cards:
        found = where.get((standard, card))
        if found is None:
            raise NotFound(f"no card {card!r} of standard {standard!r} in the match index")
        end = int(index.card_starts[found + 1]) if found + 1 < len(index.cards) else index.size
        for position in range(int(index.card_starts[found]), end):
            entry = index.entries[position]
            if entry.type in _TARGETS:
                positions.append(position)
                card_ids.append(card)
                elements.append(entry.element_id)
                types.append("skill" if entry.type == "skill" else "knowledge")
    return Scope(np.array(positions, dtype=np.intp), tuple(card_ids), tuple(elements), tuple(types))


def _pieces(text: str, *, split: bool) -> list[str]:
    """The outcome and, with ``split`` when it lists several results, each of its clauses."""
    clauses = split_sentences(text) if split else []
    return [text, *clauses] if len(clauses) > 1 else [text]


def _score_one(
    text: str, index: MatchIndex, scope: Scope, scratch: Scratch, *, split: bool
) -> list[Candidate]:
    best: dict[int, float] = {}  # scope position -> score
    langs = text_languages(text)
    for piece in _pieces(text, split=split):
        query = sentence_words(piece, langs, index)
        if len(query) < MIN_WORDS:
            continue
        values, _ = similarity(query, index, scratch)
        scores = np.minimum(values[scope.positions], 1.0)
        for found in np.flatnonzero(scores > 0).tolist():
            best[found] = max(best.get(found, 0.0), float(scores[found]))
    per_element: dict[str, Candidate] = {}
    for position, value in best.items():
        element = scope.elements[position]
        known = per_element.get(element)
        if known is None or value > known.score:
            per_element[element] = Candidate(
                scope.cards[position], element, scope.types[position], round(value, 4)
            )
    return sorted(per_element.values(), key=lambda c: (-c.score, c.element))


def score_outcomes(
    outcomes: Sequence[str], index: MatchIndex, scope: Scope, *, split: bool = False
) -> list[list[Candidate]]:
    """Per outcome text, every element of ``scope`` it shares words with, best first.

    With ``split``, an outcome that lists several results is read clause by
    clause too (see the module doc: measured, and off by default).
    """
    scratch = Scratch(index.size)
    return [_score_one(text, index, scope, scratch, split=split) for text in outcomes]


def choose_links(candidates: Sequence[Candidate], rule: LinkRule) -> list[Candidate]:
    """The candidates ``rule`` links (``candidates`` best first)."""
    if not candidates:
        return []
    floor = max(rule.threshold, rule.relative * candidates[0].score)
    return [c for c in candidates if c.score >= floor][: rule.top_k]


def propose_links(
    programme: Programme,
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
    scored = score_outcomes([o.text for o in programme.outcomes], index, scope)
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

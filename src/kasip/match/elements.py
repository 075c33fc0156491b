"""Texts to the skill and knowledge elements of chosen cards, each with a score.

The score of a text (a learning outcome, a sentence of a CV) and an element
is matching's word-level similarity (:func:`kasip.match.words.similarity`:
the IDF-weighted words the two share over the geometric mean of what each
holds, a Russian word meeting a Kazakh element through the lexicon's
translations), in [0, 1]. The index holds one entry per clause of an element
that lists several duties (:mod:`kasip.match.clauses`); an element scores its
best clause. Only the chosen cards' skill and knowledge entries are read
(:func:`scope_of`). Curriculum alignment (:mod:`kasip.curriculum.mapping`)
and a gap analysis started from a CV (:mod:`kasip.gaps.prefill`) choose their
links from these scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from kasip.errors import NotFound
from kasip.match.index import MatchIndex
from kasip.match.sentences import split_sentences
from kasip.match.words import Scratch, sentence_words, similarity
from kasip.model import FrozenModel
from kasip.text.lang import text_languages

__all__ = ["MIN_WORDS", "Candidate", "ElementKind", "Scope", "scope_of", "score_texts"]

ElementKind = Literal["skill", "knowledge"]
MIN_WORDS = 2  # content words a text (or a clause of it) needs to be compared
_TARGETS: tuple[ElementKind, ...] = ("skill", "knowledge")


@dataclass(frozen=True, slots=True)
class Candidate:
    """An element a text may cover, with its score."""

    card: str
    element: str
    type: ElementKind
    score: float


@dataclass(frozen=True, slots=True)
class Scope:
    """The index entries of the chosen cards' skills and knowledge, and what each is."""

    positions: NDArray[np.intp]  # entry positions in the index
    cards: tuple[str, ...]  # per position: its card's ID
    elements: tuple[str, ...]  # per position: its element's ID
    types: tuple[ElementKind, ...]


def scope_of(index: MatchIndex, cards: Sequence[tuple[str, str]]) -> Scope:
    """The entries of ``cards`` (pairs of standard key and card ID) that are skills or knowledge.

    Raises:
        NotFound: A card is not in the index.
    """
    where = {(ref.standard, ref.card_id): n for n, ref in enumerate(index.cards)}
    positions: list[int] = []
    card_ids: list[str] = []
    elements: list[str] = []
    types: list[ElementKind] = []
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
    """The text and, with ``split`` when it lists several results, each of its clauses."""
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


def score_texts(
    texts: Sequence[str], index: MatchIndex, scope: Scope, *, split: bool = False
) -> list[list[Candidate]]:
    """Per text, every element of ``scope`` it shares words with, best first.

    With ``split``, a text that lists several results is read clause by
    clause too (for learning outcomes measured, and left off:
    :mod:`kasip.curriculum.mapping`).
    """
    scratch = Scratch(index.size)
    return [_score_one(text, index, scope, scratch, split=split) for text in texts]


class LinkRule(FrozenModel):
    """Which of a text's scored elements become links.

    An element is linked when its score reaches ``threshold`` and ``relative``
    times the text's best score, and it is among the text's ``top_k``
    best. Chosen on the labelled set by cross-validation (BENCHMARKS.md).
    """

    threshold: float = Field(ge=0.0, le=1.0)
    relative: float = Field(ge=0.0, le=1.0)
    top_k: int = Field(ge=1)


# Chosen for learning outcomes on eval/align-dev.jsonl by 5-fold cross-validation
# (scripts/evaluate_alignment.py; BENCHMARKS.md, "Curriculum alignment").
DEFAULT_RULE = LinkRule(threshold=0.35, relative=0.8, top_k=2)


def choose_links(candidates: Sequence[Candidate], rule: LinkRule) -> list[Candidate]:
    """The candidates ``rule`` links (``candidates`` best first)."""
    if not candidates:
        return []
    floor = max(rule.threshold, rule.relative * candidates[0].score)
    return [c for c in candidates if c.score >= floor][: rule.top_k]

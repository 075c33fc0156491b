"""Match a free text to cards: which sentences fit which skills and knowledge.

For each sentence of the text and each card element, a similarity in [0, 1]:
the IDF-weighted words the two share, over the geometric mean of what each
holds (a cosine on word level; a Russian word meets a Kazakh element through
its translation's keys, at a lower weight). A card's score sums, over the
text's sentences, its best element's similarity where that passes
:data:`EVIDENCE_MIN`: a posting's many lines about the company or pay
then add nothing. The top card's confidence comes from a logistic model of
its score, its lead over the next different occupation and the share of the
text it explains (see :func:`confidence`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kasip.match.index import MatchIndex
from kasip.match.models import Evidence, Match, MatchResult
from kasip.match.sentences import split_sentences
from kasip.search.analysis import is_stop_word
from kasip.search.engine import QueryWord, word_tokens
from kasip.search.models import HitElement
from kasip.text.lang import text_languages
from kasip.text.words import words

__all__ = ["CONFIDENT", "confidence", "match_text"]

EVIDENCE_MIN = 0.3  # a sentence-element similarity below this is chance overlap
NAME_BOOST = 1.3  # an occupation's name or other name said in the text
MAX_EVIDENCE = 8
TOP_SENTENCES = 3  # a short posting can be as clear as a long one
CHANCE = 0.15  # a sentence-element similarity this low is what unrelated texts share
MIN_WORDS = 2  # content words a sentence needs to be compared at all
NAMED_MIN = 0.5
UNGROUNDED_MAX = 0.5  # the most an ungrounded top card may claim (see _grounded)
# Claim a match only when P >= 0.7: a wrong confident answer costs more than a hedge.
CONFIDENT = 0.7
# Logistic model of P(top card's code is right), over Features.vector().
# Fitted on eval/match-dev.jsonl by scripts/calibrate_match.py.
COEFFICIENTS = (-2.385, 1.76, 0.841, 1.166, 2.933, 0.75)
_NAMES = frozenset({"card", "other_name"})


def _sentence_words(sentence: str, langs: Sequence[str], index: MatchIndex) -> list[QueryWord]:
    """The sentence's content words with their tokens the index knows, each once.

    A repeated word counts once: "психолог психолог" is not twice the evidence.
    """
    found: dict[frozenset[str], QueryWord] = {}
    for word in words(sentence):
        if is_stop_word(word.text):
            continue
        analysed = [index.analyzer.keys(word.text, lang=lang) for lang in langs]
        tokens = {t: w for t, w in word_tokens(word.text, analysed).items() if t in index.postings}
        if tokens:
            found.setdefault(frozenset(tokens), QueryWord(word.text, tokens))
    return list(found.values())


def _similarity(
    query: list[QueryWord], index: MatchIndex
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Similarity of one sentence to every entry (see module doc), and the
    share of each entry's words the sentence says."""
    shared = np.zeros(index.size)
    mass = 0.0
    for word in query:
        best = np.zeros(index.size)
        for token, weight in word.tokens.items():
            positions, weights = index.postings[token]
            gain = weights * (weight * index.idf[token])
            np.maximum.at(best, positions, gain)
        shared += best
        mass += max(index.idf[t] * w for t, w in word.tokens.items())
    entry_mass = np.maximum(index.entry_mass, 1e-9)
    if mass == 0:
        return shared, shared
    return shared / np.sqrt(mass * entry_mass), np.minimum(shared / entry_mass, 1.0)


@dataclass(frozen=True, slots=True)
class _Scored:
    sentences: list[str]
    per_sentence: NDArray[np.float64]  # (sentences, cards): best element similarity
    best_entry: NDArray[np.intp]  # (sentences, cards): that element's position
    said: NDArray[np.float64]  # (sentences, cards): the share of that element the sentence says


def _score_sentences(
    sentences: list[str], langs: Sequence[str], index: MatchIndex, *, min_words: int = MIN_WORDS
) -> _Scored:
    per_sentence = np.zeros((len(sentences), len(index.cards)))
    best_entry = np.zeros((len(sentences), len(index.cards)), dtype=np.intp)
    said = np.zeros((len(sentences), len(index.cards)))
    boost = np.array(
        [NAME_BOOST if e.type in ("card", "other_name") else 1.0 for e in index.entries]
    )
    for row, sentence in enumerate(sentences):
        query = _sentence_words(sentence, langs, index)
        # A heading ("Обязанности:", "Талаптар") is not a statement about work.
        if len(query) < min_words or sentence.endswith(":"):
            continue
        similarity, share = _similarity(query, index)
        similarity = np.minimum(similarity * boost, 1.0)
        per_sentence[row] = np.maximum.reduceat(similarity, index.card_starts)
        best_entry[row] = _argmax_per_card(similarity, index)
        said[row] = share[best_entry[row]]
    return _Scored(sentences, per_sentence, best_entry, said)


def _argmax_per_card(values: NDArray[np.float64], index: MatchIndex) -> NDArray[np.intp]:
    # Sort by (card, value): the last position of each card's run is its maximum.
    order = np.lexsort((values, index.entry_card))
    ends = np.append(index.card_starts[1:], index.size) - 1
    found: NDArray[np.intp] = order[ends]
    return found


@dataclass(frozen=True, slots=True)
class Features:
    """What the confidence model reads about a ranked card."""

    score: float  # the mean similarity of the card's three best sentences
    lead: float  # its lead over the best card of another occupation, as a share
    coverage: float  # the share of the text's sentences it explains
    named: float  # how well a sentence says the occupation's name (0 if none does)
    russian: bool  # the text is Russian: it meets Kazakh cards through translations

    def vector(self) -> tuple[float, ...]:
        return (1.0, self.score, self.lead, self.coverage, self.named, float(self.russian))


def confidence(features: Features) -> float:
    """P(the card's occupation is right), from the logistic model."""
    z = sum(b * x for b, x in zip(COEFFICIENTS, features.vector(), strict=True))
    return round(1 / (1 + math.exp(-min(max(z, -50.0), 50.0))), 3)


def _evidence(scored: _Scored, card: int, index: MatchIndex) -> tuple[Evidence, ...]:
    rows = np.argsort(-scored.per_sentence[:, card], kind="stable")
    found: list[Evidence] = []
    for row in rows[:MAX_EVIDENCE]:
        value = float(scored.per_sentence[row, card])
        if value < EVIDENCE_MIN:
            break
        entry = index.entries[int(scored.best_entry[row, card])]
        element = HitElement(id=entry.element_id, type=entry.type, text=entry.text)
        found.append(
            Evidence(
                sentence=scored.sentences[row],
                sentence_index=int(row),
                element=element,
                score=round(value, 3),
            )
        )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Ranking:
    """Cards ranked for a text, with what the confidence model reads."""

    lang: str
    sentences: list[str]
    scored: _Scored | None
    totals: NDArray[np.float64]
    kept: NDArray[np.float64]
    order: list[int]
    informative: int
    single_words: bool = False  # only one-word lines were there to read

    def features(self, rank: int, index: MatchIndex) -> Features:
        """What the confidence model reads about the card at ``rank``."""
        card = self.order[rank]
        code = index.cards[card].code
        rival = next((self.totals[c] for c in self.order if index.cards[c].code != code), 0.0)
        total = float(self.totals[card])
        # A card behind another occupation leads by a negative share, at most -1.
        lead = max((total - float(rival)) / max(total, 1e-9), -1.0)
        best = np.sort(self.kept[:, card])[::-1][:TOP_SENTENCES]
        score = float(best.sum()) / TOP_SENTENCES
        coverage = float((self.kept[:, card] > 0).sum()) / self.informative
        assert self.scored is not None
        # A name counts as said when most of it is: "медицинская сестра" shares
        # one word with "әлеуметтік-медициналық қызмет", which is not naming it.
        named = [
            float(self.scored.said[row, card])
            for row in range(len(self.sentences))
            if index.entries[int(self.scored.best_entry[row, card])].type in _NAMES
        ]
        return Features(score, lead, coverage, max(named, default=0.0), self.lang == "ru")


def rank_cards(text: str, index: MatchIndex) -> Ranking:
    """Score every card of ``index`` against ``text`` (see module doc)."""
    langs = text_languages(text)
    lang = langs[0] if len(langs) == 1 else "kk"
    # A repeated line is no further evidence.
    sentences = list(dict.fromkeys(split_sentences(text)))
    informative = max(sum(1 for s in sentences if len(words(s)) >= 2), 1)
    if not sentences or not index.cards:
        nothing = np.zeros(0)
        return Ranking(lang, sentences, None, nothing, np.zeros((0, 0)), [], informative)
    scored = _score_sentences(sentences, langs, index)
    single_words = not scored.per_sentence.any()
    if single_words:
        # Nothing but single words ("Психолог"): read them rather than answer
        # nothing, but a word is not a text to be confident about.
        scored = _score_sentences(sentences, langs, index, min_words=1)
    kept = np.where(scored.per_sentence >= EVIDENCE_MIN, scored.per_sentence, 0.0)
    # A sentence just under the evidence bar still leans towards its card.
    totals = np.clip(scored.per_sentence - CHANCE, 0.0, None).sum(axis=0)
    order = [int(c) for c in np.argsort(-totals, kind="stable") if totals[c] > 0]
    return Ranking(lang, sentences, scored, totals, kept, order, informative, single_words)


def match_text(text: str, index: MatchIndex, *, limit: int = 5) -> MatchResult:
    """Rank the cards of ``index`` for ``text``, best first, with evidence."""
    ranking = rank_cards(text, index)
    result = MatchResult(
        confident=False,
        language=ranking.lang,
        sentences=len(ranking.sentences),
        threshold=CONFIDENT,
    )
    if ranking.scored is None or not ranking.order:
        return result
    top = confidence(ranking.features(0, index))
    if not _grounded(ranking, index):
        top = min(top, UNGROUNDED_MAX)
    matches: list[Match] = []
    for rank, card in enumerate(ranking.order[:limit]):
        ref = index.cards[card]
        # A lower-ranked card is never more likely than one ranked above it.
        above = matches[-1].confidence if matches else top
        value = top if rank == 0 else min(confidence(ranking.features(rank, index)), above)
        matches.append(
            Match(
                code=ref.code,
                level=ref.level,
                name=ref.name,
                card_id=ref.card_id,
                standard=ref.standard,
                confidence=value,
                evidence=_evidence(ranking.scored, card, index),
            )
        )
    return result.model_copy(update={"confident": top >= CONFIDENT, "matches": tuple(matches)})


def _grounded(ranking: Ranking, index: MatchIndex) -> bool:
    """Confidence needs grounds beyond the model: the text names the occupation,
    or at least two of its sentences fit the card (one shared phrase is chance)."""
    if ranking.single_words:
        return False
    features = ranking.features(0, index)
    explained = int((ranking.kept[:, ranking.order[0]] > 0).sum())
    return features.named >= NAMED_MIN or explained >= 2

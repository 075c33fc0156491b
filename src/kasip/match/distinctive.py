"""What sets an occupation apart from the others: words of its duties few others use.

Sentence by sentence, a text about a psychologist who works with convicts
meets the social psychologist's name (психолог) as well as the penitentiary
card's duties (сотталған), and the name wins each sentence; a text about
"участковые" who inspect living conditions meets a dozen cards' help and
consultation. Issue 10 (item 3) asks that what distinguishes a card from its
neighbours — its client group, its setting, its own duties — weigh more than
what all of them share.

So the whole text is also read as one bag of words against each
*occupation* (the cards that share a code; a card without one stands
alone): a word weighs by how few occupations use it in their names,
functions, tasks and skills (an inverse occupation frequency; the knowledge
lists are left out, as they name the same laws for every card), and by how
many of the text's sentences say it (1 + log n). An occupation's score is the
cosine of the text's weighted words and its own vocabulary, so that a card
with many words does not win by size. The engine adds it to each card's
evidence (:func:`kasip.match.engine.rank_cards`, :data:`WEIGHT`).

What an occupation's vocabulary holds is worked out when the index is
joined, from each piece's postings (:func:`occupation_pairs`, then
:func:`join_occupations`), and kept in the index file; a text then costs a
lookup per word.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "WEIGHT",
    "Occupations",
    "TellingWords",
    "card_occupations",
    "join_occupations",
    "occupation_pairs",
    "occupation_scores",
    "telling_words",
]

# How much the text's distinctive words count beside the sentences' evidence:
# the best occupation's score adds this share of the best card's evidence.
# Chosen on ../shared/eval/match-real-dev.jsonl (0.3-0.5 did best there, and
# 5-fold cross-validation of the choice gives top-1 0.80 against 0.733
# without it); the project's own three sets are unchanged from 0 to 0.75
# (BENCHMARKS.md, "Telling siblings apart by what is theirs").
WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Occupations:
    """Which occupations use each token in their duties, and how rare that makes it."""

    card: NDArray[np.int32]  # per card: its occupation
    starts: NDArray[np.int64]  # per token: where its occupations start in ``held`` (+1 at end)
    held: NDArray[np.int32]  # the occupations of each token, in token order
    idf: NDArray[np.float64]  # per token: log((N + 1) / (n + 0.5)), n occupations of N
    norm: NDArray[np.float64]  # per occupation: √ Σ idf² over its vocabulary (never 0)

    @property
    def count(self) -> int:
        return len(self.norm)


def card_occupations(codes: Sequence[str | None]) -> NDArray[np.int32]:
    """Each card's occupation: cards of one code share one; a card without a code is its own."""
    ids: dict[str | int, int] = {}
    found = [ids.setdefault(code if code else -n - 1, len(ids)) for n, code in enumerate(codes)]
    return np.asarray(found, dtype=np.int32)


def occupation_pairs(
    tokens: NDArray[np.int64],
    entries: NDArray[Any],
    entry_card: NDArray[Any],
    knowledge: NDArray[Any],
    card_occupation: NDArray[np.int32],
) -> NDArray[np.int64]:
    """One piece's (token, occupation) pairs, each once, as ``token * occupations + occupation``.

    ``tokens`` and ``entries`` are the piece's postings (global token ids, the
    piece's entry positions); ``entry_card`` its entries' cards as global card
    positions; ``knowledge`` marks its knowledge entries, which are left out.
    """
    occupations = int(card_occupation.max()) + 1 if len(card_occupation) else 1
    duty = knowledge[entries] == 0
    occupation = card_occupation[entry_card[entries[duty]]].astype(np.int64)
    return _distinct(tokens[duty].astype(np.int64) * occupations + occupation)


def _distinct(values: NDArray[np.int64]) -> NDArray[np.int64]:
    """``values`` sorted, each once. ``numpy.unique`` hashes integers first, which
    took 4 s over the 700-standard registry's pairs; a sort takes a tenth."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    kept: NDArray[np.int64] = ordered[np.append(True, ordered[1:] != ordered[:-1])]
    return kept


def join_occupations(
    pieces: Iterable[NDArray[np.int64]], card: NDArray[np.int32], tokens: int
) -> Occupations:
    """The pieces' pairs (:func:`occupation_pairs`) joined over a vocabulary of ``tokens``."""
    count = int(card.max()) + 1 if len(card) else 0
    pairs = _distinct(np.concatenate([np.zeros(0, dtype=np.int64), *pieces]))
    token = pairs // max(count, 1)
    held = (pairs % max(count, 1)).astype(np.int32)
    frequency = np.bincount(token, minlength=tokens)
    starts = np.concatenate([[0], np.cumsum(frequency)]).astype(np.int64)
    idf = np.where(frequency > 0, np.log((count + 1) / (frequency + 0.5)), 0.0)
    norm = np.sqrt(np.bincount(held, weights=idf[token] ** 2, minlength=count))
    return Occupations(card, starts, held, idf, np.maximum(norm, 1e-9))


def _said(sentences: Iterable[Iterable[int]]) -> Counter[int]:
    """How many sentences say each token."""
    return Counter(token for sentence in sentences for token in set(sentence))


def occupation_scores(
    sentences: Iterable[Iterable[int]], occupations: Occupations
) -> NDArray[np.float64]:
    """Per occupation, the cosine of the text's words and its vocabulary.

    ``sentences`` are the token ids each sentence says firmly (each once per
    sentence). A word weighs its idf times 1 + log of the sentences that say
    it: a setting the text keeps returning to ("сотталған" in every other
    sentence) is what the text is about.
    """
    said = _said(sentences)
    scores = np.zeros(occupations.count)
    mass = 0.0
    for token, times in said.items():
        idf = float(occupations.idf[token])
        if idf <= 0:
            continue
        weight = (1.0 + math.log(times)) * idf
        mass += weight * weight
        begin, end = occupations.starts[token], occupations.starts[token + 1]
        scores[occupations.held[begin:end]] += weight * idf
    if mass <= 0:
        return scores
    scaled: NDArray[np.float64] = scores / (math.sqrt(mass) * occupations.norm)
    return scaled


@dataclass(frozen=True, slots=True)
class TellingWords:
    """A text's words that may set an occupation apart, read once per text.

    Each (word, token) pair whose token at most a third of the registry's
    occupations use in their duties, with the token's weight as in
    :func:`occupation_scores` and how many sentences say it; ``owner`` and
    ``holder`` list the occupations that use each pair's token, so that
    :meth:`named` asks one comparison per occupation, not one per word.
    """

    words: tuple[str, ...]  # in the text's order
    tokens: tuple[frozenset[int], ...]  # per word: all its token ids
    pair_word: NDArray[np.intp]
    pair_weight: NDArray[np.float64]
    pair_times: NDArray[np.int64]
    owner: NDArray[np.intp]  # per occupation listed: its pair
    holder: NDArray[np.int32]  # the occupation

    @classmethod
    def read(
        cls,
        sentences: Iterable[Iterable[int]],
        words: Mapping[str, Iterable[int]],
        occupations: Occupations,
    ) -> TellingWords:
        """The text's candidate words (``words`` gives each word its token ids)."""
        said = _said(sentences)
        # A word a third of the occupations use hardly sets one apart: at 1× (7
        # occupations) "центр" and "специальных" (3 each) were named for the
        # home-care worker beside "покупает", "продукты" (1 each).
        starts, third = occupations.starts, occupations.count / 3
        kept = {word: frozenset(t for t in tokens if said[t]) for word, tokens in words.items()}
        pairs = [
            (n, token)
            for n, held in enumerate(kept.values())
            for token in sorted(held)
            if 0 < starts[token + 1] - starts[token] <= third
        ]
        word = np.array([n for n, _ in pairs], dtype=np.intp)
        token = np.array([t for _, t in pairs], dtype=np.int64)
        times = np.array([said[t] for t in token.tolist()], dtype=np.int64)
        begin, end = starts[token], starts[token + 1]
        lengths = (end - begin).astype(np.intp)
        owner = np.repeat(np.arange(len(pairs)), lengths)
        # Each pair's run of occupations: its token's slice of ``held``.
        first = np.repeat(begin - np.cumsum(lengths) + lengths, lengths)
        at = first + np.arange(int(lengths.sum()))
        return cls(
            words=tuple(kept),
            tokens=tuple(kept.values()),
            pair_word=word,
            pair_weight=(1.0 + np.log(np.maximum(times, 1))) * occupations.idf[token] ** 2,
            pair_times=times,
            owner=owner,
            holder=occupations.held[at.astype(np.intp)],
        )

    def named(self, occupation: int, *, limit: int = 3) -> tuple[tuple[str, int], ...]:
        """The words that count most for ``occupation``, most first, with how many
        sentences say each (see :func:`telling_words`)."""
        pairs = np.unique(self.owner[self.holder == occupation])
        best: dict[int, tuple[float, int]] = {}
        for pair in pairs.tolist():
            word, weight = int(self.pair_word[pair]), float(self.pair_weight[pair])
            if weight > best.get(word, (0.0, 0))[0]:
                best[word] = (weight, int(self.pair_times[pair]))
        named: list[tuple[str, int]] = []
        seen: set[int] = set()
        # Of equals, the word the text says first.
        for word, (_, times) in sorted(best.items(), key=lambda item: (-item[1][0], item[0])):
            if self.tokens[word] & seen:
                continue
            seen |= self.tokens[word]
            named.append((self.words[word], times))
            if len(named) == limit:
                break
        return tuple(named)


def telling_words(
    sentences: Iterable[Iterable[int]],
    words: Mapping[str, Iterable[int]],
    occupations: Occupations,
    occupation: int,
    *,
    limit: int = 3,
) -> tuple[tuple[str, int], ...]:
    """The text's words that count most for ``occupation`` here, most first, with how
    many sentences say each: words its duties use and at most a third of the
    registry's occupations do (``words`` gives each word of the text its token ids).

    A word weighs as its best such token does in :func:`occupation_scores`; of
    equals, the one the text says first (``words`` in the text's order) comes
    first. A word sharing a token with one named before it (another form of
    it: сотталғандарға, сотталғандардың) is not named again. For several
    occupations of one text, read it once: :class:`TellingWords`.
    """
    return TellingWords.read(sentences, words, occupations).named(occupation, limit=limit)
